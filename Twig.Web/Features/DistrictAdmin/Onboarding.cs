using System.Globalization;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Domain;

namespace Twig.Web.Features.DistrictAdmin;

/// <summary>
/// A district's path to a working roster, as steps with their live status: the Clever path (request, sharing rules,
/// approval, first sync, test sign-ins) or, for a district not on Clever, the users.csv path.
/// </summary>
public static class Onboarding
{
    public sealed record Query(int DistrictId) : IQuery<IReadOnlyList<Step>>;

    public sealed record Step(string Title, StepState State, string StateText, string Detail, string? LinkText = null,
        string? LinkUrl = null);

    public enum StepState
    {
        ToDo,
        InProgress,
        Done,
        Problem,
    }

    public static string BadgeClass(this StepState state) => state switch
    {
        StepState.Done => "text-bg-success",
        StepState.InProgress => "text-bg-primary",
        StepState.Problem => "text-bg-danger",
        _ => "text-bg-light border",
    };

    public sealed class QueryHandler(TwigDb db) : IQueryHandler<Query, IReadOnlyList<Step>>
    {
        private static readonly CultureInfo Us = CultureInfo.GetCultureInfo("en-US");

        public async ValueTask<IReadOnlyList<Step>> Handle(Query message, CancellationToken token)
        {
            var district = await db.Districts.AsNoTracking()
                .Where(d => d.Id == message.DistrictId)
                .Select(d => new
                {
                    Connection = d.CleverConnection == null ? (CleverConnectionState?)null : d.CleverConnection.State,
                    Seats = d.Subscription == null ? 0 : d.Subscription.LicensedStudentSeats,
                    d.Slug,
                    d.RosterSource,
                })
                .SingleAsync(token);
            // The checklist follows the source support chose; without a recorded choice, the Clever connection decides.
            if (district.RosterSource == RosterSource.OneRoster) return await OneRosterPathAsync(message.DistrictId, district.Slug, token);
            return district.Connection is null
                ? await CsvPathAsync(message.DistrictId, district.Slug, token)
                : await CleverPathAsync(message.DistrictId, district.Connection.Value, district.Seats, token);
        }

        private async Task<IReadOnlyList<Step>> CleverPathAsync(int districtId, CleverConnectionState connection, int seats,
            CancellationToken token)
        {
            const PersonRoles student = PersonRoles.Student, teacher = PersonRoles.Teacher;
            var people = db.People.AsNoTracking().Where(p => p.DistrictId == districtId && p.Source == RosterSource.Clever);
            var used = await db.People.Where(ActiveStudent.Predicate).CountAsync(p => p.DistrictId == districtId, token);
            var runs = db.SyncRuns.AsNoTracking().Where(r => r.DistrictId == districtId);
            var firstSuccess = await runs.Where(SyncRun.Succeeded)
                .OrderBy(r => r.Id)
                .Select(r => new
                {
                    r.Id,
                    People = r.Counts.Where(c => c.EntityType == RosterEntityType.Person).Sum(c => c.Created),
                    Sections = r.Counts.Where(c => c.EntityType == RosterEntityType.Section).Sum(c => c.Created),
                    Schools = r.Counts.Where(c => c.EntityType == RosterEntityType.School).Sum(c => c.Created),
                })
                .FirstOrDefaultAsync(token);
            var latest = await runs.OrderByDescending(r => r.Id).Select(r => new { r.Id, r.Status, r.Message }).FirstOrDefaultAsync(token);
            var teacherSignedIn = await people.AnyAsync(p => (p.Roles & teacher) == teacher && p.LastSignInAt != null, token);
            var studentSignedIn = await people.AnyAsync(p => (p.Roles & student) == student && p.LastSignInAt != null, token);

            var requested = connection == CleverConnectionState.Rejected
                ? new Step("Request Twig Science in Clever", StepState.Problem, "Declined",
                    "Twig declined this Clever request. Contact Twig support if your district has bought Twig Science.")
                : new Step("Request Twig Science in Clever", StepState.Done, "Requested",
                    "Your district added Twig Science from Clever's app library.");

            // A run still going, or one that failed before the licence check, leaves a block standing (one rule: LicenceBlock).
            // Only a block by the numbers is a sharing problem; a subscription that is not active is one sharing cannot fix.
            var block = await LicenceBlock.LatestAsync(db, districtId, token);
            var tooMany = block is { TooManyStudents: true };
            var sharing = new Step("Share no more students than you licensed",
                tooMany ? StepState.Problem : firstSuccess is not null ? StepState.Done : StepState.ToDo,
                tooMany ? "Too many students shared" : firstSuccess is not null ? "Within the licence" : "To check",
                $"In Clever, set Twig's sharing rules so that at most {seats.ToString("N0", Us)} students are shared (your licence). " +
                $"{used.ToString("N0", Us)} students are active in Twig now." +
                    (block is null ? "" : $" The last sync was refused: {block.Message}" + (tooMany ? "" : $" {block.Advice}")));

            var approval = connection switch
            {
                CleverConnectionState.Connected or CleverConnectionState.Rechecking =>
                    new Step("Twig approves the connection", StepState.Done, "Approved", "Twig accepted your district's connection."),
                CleverConnectionState.Disconnected => new Step("Twig approves the connection", StepState.Problem, "Disconnected",
                    "Clever no longer gives Twig access to your district. Check that Twig is still installed in Clever."),
                CleverConnectionState.Rejected => new Step("Twig approves the connection", StepState.Problem, "Declined",
                    "Twig declined the request."),
                _ => new Step("Twig approves the connection", StepState.InProgress, "Pending",
                    "Twig approves requests within one working day."),
            };

            var initial = firstSuccess is not null
                ? new Step("The first sync", StepState.Done, "Done",
                    $"{firstSuccess.Schools.ToString("N0", Us)} schools, {firstSuccess.People.ToString("N0", Us)} people and " +
                        $"{firstSuccess.Sections.ToString("N0", Us)} sections arrived from Clever (run #{firstSuccess.Id}).",
                    "See the run", $"/districts/{districtId}/sync/runs/{firstSuccess.Id}")
                : latest is null
                    ? new Step("The first sync", StepState.ToDo, "Not started", "It starts as soon as Twig approves the connection.")
                    : latest.Status.IsActive()
                        ? new Step("The first sync", StepState.InProgress, latest.Status.Describe(),
                            "Twig is fetching your roster from Clever.",
                            "See the run", $"/districts/{districtId}/sync/runs/{latest.Id}")
                        : new Step("The first sync", StepState.Problem, latest.Status.Describe(), latest.Message ?? "",
                            "See the run", $"/districts/{districtId}/sync/runs/{latest.Id}");

            var test = new Step("Test: sign in as a teacher and as a student", teacherSignedIn && studentSignedIn ? StepState.Done
                    : teacherSignedIn || studentSignedIn ? StepState.InProgress : StepState.ToDo,
                $"Teacher {(teacherSignedIn ? "✓" : "not yet")} · student {(studentSignedIn ? "✓" : "not yet")}",
                "In Clever's district dashboard use \"Log in as\" a teacher and then a student, and open Twig from the Clever portal: " +
                    "each should see their classes.",
                "Open the Clever portal", "https://clever.com/login");
            return [requested, sharing, approval, initial, test];
        }

        private async Task<IReadOnlyList<Step>> OneRosterPathAsync(int districtId, string slug, CancellationToken token)
        {
            var imports = db.CsvImports.AsNoTracking().Where(i => i.DistrictId == districtId);
            var latest = await imports.OrderByDescending(i => i.Id).Select(i => new { i.Id, i.Status, i.Message })
                .FirstOrDefaultAsync(token);
            var applied = await imports.Where(i => i.Status == CsvImportStatus.Applied).OrderBy(i => i.Id)
                .Select(i => new { i.Id, i.Created, i.ClassesCreated }).FirstOrDefaultAsync(token);
            var signedIn = await db.People.AnyAsync(p => p.DistrictId == districtId && p.Source == RosterSource.OneRoster
                && p.LastSignInAt != null, token);
            var refused = applied is null && latest is not null
                && latest.Status is CsvImportStatus.Invalid or CsvImportStatus.BlockedByLicense;
            return
            [
                new Step("Export a OneRoster CSV package from your SIS", latest is null ? StepState.ToDo : StepState.Done,
                    latest is null ? "To do" : "Done",
                    "A .zip with manifest.csv, orgs.csv, users.csv (1.2: and roles.csv), classes.csv and enrollments.csv, version 1.1 or " +
                        "1.2. The first package must be bulk."),
                new Step("Import the package", applied is not null ? StepState.Done : refused ? StepState.Problem : StepState.ToDo,
                    applied is not null ? "Applied" : refused ? "Refused" : "To do",
                    applied is not null
                        ? $"{applied.Created.ToString("N0", Us)} people and {applied.ClassesCreated.ToString("N0", Us)} classes were " +
                            "created by the first import."
                        : refused ? latest!.Message ?? ""
                        : "Every file, row and reference is checked; a package with errors changes nothing.",
                    latest?.Status == CsvImportStatus.Previewed ? "Open the preview" : applied is null ? "Upload the package"
                        : "Import history",
                    latest?.Status == CsvImportStatus.Previewed ? $"/district/oneroster/{latest.Id}" : applied is null
                        ? "/district/oneroster" : "/district/import/history"),
                new Step("Test: sign in with Google or a username", signedIn ? StepState.Done : StepState.ToDo,
                    signedIn ? "Done" : "Not yet",
                    "People with a Google address use \"Sign in with Google\"; people with a username sign in on your district's page.",
                    "Your district's sign-in page", $"/login/{slug}"),
            ];
        }

        private async Task<IReadOnlyList<Step>> CsvPathAsync(int districtId, string slug, CancellationToken token)
        {
            var imports = db.CsvImports.AsNoTracking().Where(i => i.DistrictId == districtId);
            var latest = await imports.OrderByDescending(i => i.Id).Select(i => new { i.Id, i.Status }).FirstOrDefaultAsync(token);
            var applied = await imports.Where(i => i.Status == CsvImportStatus.Applied).OrderBy(i => i.Id)
                .Select(i => new { i.Id, i.Created }).FirstOrDefaultAsync(token);
            var previewed = applied is not null || latest?.Status == CsvImportStatus.Previewed;
            var signedIn =
                await db.People.AnyAsync(p => p.DistrictId == districtId && p.Source == RosterSource.Csv && p.LastSignInAt != null, token);

            return
            [
                new Step("Download the users.csv template", latest is null ? StepState.ToDo : StepState.Done,
                    latest is null ? "To do" : "Done",
                    "One row per student, teacher and school administrator: user_id, first_name, last_name, username, password, role, " +
                        "email, school_names.",
                    "Download the template", "/district/import?handler=Template"),
                new Step("Upload your users.csv", latest is null ? StepState.ToDo : latest.Status == CsvImportStatus.Invalid
                    && applied is null ? StepState.Problem : StepState.Done,
                    latest is null ? "To do" : latest.Status == CsvImportStatus.Invalid && applied is null ? "Errors to fix" : "Uploaded",
                    "Every row is checked; a file with errors is not imported and you get a report of them.", "Upload", "/district/import"),
                new Step("Check the preview", previewed ? (applied is null ? StepState.InProgress : StepState.Done) : StepState.ToDo,
                    applied is not null ? "Done" : previewed ? "Waiting for you" : "To do",
                    "The preview shows who will be created, updated and archived, and the licence effect. Nothing changes before you " +
                        "confirm.",
                    latest?.Status == CsvImportStatus.Previewed ? "Open the preview" : null,
                        latest?.Status == CsvImportStatus.Previewed ? $"/district/import/{latest.Id}" : null),
                new Step("Confirm and apply", applied is null ? StepState.ToDo : StepState.Done, applied is null ? "To do" : "Applied",
                    applied is null ? "Confirm the preview to create the accounts."
                        : $"{applied.Created.ToString("N0", Us)} people were created by the first import.",
                    "Import history", "/district/import/history"),
                new Step("Test: sign in with Google or a username", signedIn ? StepState.Done : StepState.ToDo,
                    signedIn ? "Done" : "Not yet",
                    "People with a Google address use \"Sign in with Google\"; people with a username sign in on your district's page.",
                    "Your district's sign-in page", $"/login/{slug}"),
            ];
        }
    }
}
