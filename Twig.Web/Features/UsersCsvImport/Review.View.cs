using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Twig.Web.Data;
using Twig.Web.Data.Imports;
using Twig.Web.Domain;
using Twig.Web.Features.LicenseCheck;
using Twig.Web.Infrastructure.Web.Paging;

namespace Twig.Web.Features.UsersCsvImport;

public sealed partial class Review
{
    /// <summary>
    /// The import, a page of its errors, and (while pending) the preview recomputed from the kept files, with a page of the people
    /// it updates and one of those it creates, each paged on its own.
    /// </summary>
    public sealed record Query(int DistrictId, int ImportId, int Page, int UpdatesPage = 1, int NewPage = 1) : IQuery<Result?>;

    public sealed record Result
    {
        public required ImportSummary Import { get; init; }
        public required string DistrictName { get; init; }
        public required IReadOnlyList<IssueLine> Errors { get; init; }
        public required int ErrorCount { get; init; }
        public required int Page { get; init; }
        public required int PageCount { get; init; }
        public required IReadOnlyList<IssueLine> Warnings { get; init; }
        public required int WarningCount { get; init; }
        public Preview? Preview { get; init; }

        public bool IsPending => Import.Status == CsvImportStatus.Previewed && Preview is not null;
    }

    public sealed record IssueLine(int? Row, string? Column, string Message, string? File = null);

    /// <summary>
    /// What classes.csv will do: sections created, updated (or brought back), deactivated, unchanged; enrollments added and removed.
    /// </summary>
    public sealed record ClassPreview
    {
        public int Create { get; init; }
        public int Update { get; init; }
        public int Reactivate { get; init; }
        public int Deactivate { get; init; }
        public int Unchanged { get; init; }
        public int EnrollmentsInFile { get; init; }
        public int EnrollmentsAdded { get; init; }
        public int EnrollmentsRemoved { get; init; }
        /// <summary>Memberships removed from classes the file keeps.</summary>
        public int MembershipsRemovedFromKept { get; init; }
        /// <summary>The number the class confirmation names (<see cref="ClassPlan.ChangesToConfirm"/>).</summary>
        public int ChangesToConfirm { get; init; }
    }

    public sealed record RoleLine(string Role, int Create, int Update, int Reactivate, int Archive, int Unchanged);

    public sealed record ArchiveLine(string UserId, string Name, string Role);

    public sealed record Preview
    {
        public const int ArchiveListLimit = 500;

        public required IReadOnlyList<RoleLine> Roles { get; init; }
        public required PlanCheck.Result Licence { get; init; }
        public required IReadOnlyList<string> NewSchools { get; init; }
        public bool NeedsArchiveConfirmation { get; init; }
        public int ThresholdPercent { get; init; }
        public int ActiveCsvPeopleNow { get; init; }
        public int ArchiveCount { get; init; }
        public required IReadOnlyList<ArchiveLine> ArchiveList { get; init; }
        public required Paged<UpdateLine> Updates { get; init; }
        public required Paged<NewLine> Creates { get; init; }
        public int PasswordsToSet { get; init; }
        public int PasswordsToCheck { get; init; }
        public required IReadOnlyList<IssueLine> NewErrors { get; init; }
        public ClassPreview? Classes { get; init; }
        public bool NeedsClassConfirmation { get; init; }

        public bool CanConfirm => Licence.Allowed && NewErrors.Count == 0;
    }

    public sealed class QueryHandler(TwigDb db, TimeProvider clock, PreviewFileProtector files, KeptRows kept,
        ILogger<QueryHandler> logger) : IQueryHandler<Query, Result?>
    {
        public async ValueTask<Result?> Handle(Query message, CancellationToken token)
        {
            var timer = new ImportStepTimer();
            var import = await db.CsvImports.AsNoTracking()
                // A OneRoster package has its own page.
                .Where(i => i.Id == message.ImportId && i.DistrictId == message.DistrictId && i.Source != RosterSource.OneRoster)
                .Select(ImportSummary.Projection)
                .SingleOrDefaultAsync(token);
            if (import is null) return null;
            var districtName = await db.Districts.Where(d => d.Id == message.DistrictId).Select(d => d.Name).SingleAsync(token);
            var now = clock.GetUtcNow().UtcDateTime;
            import = import.AsSeenAt(now);

            var issues = db.CsvImportIssues.AsNoTracking().Where(i => i.CsvImportId == import.Id);
            var errors = issues.Where(i => i.Severity == IssueSeverity.Error);
            var errorPage = await errors.OrderBy(i => i.RowNumber).ThenBy(i => i.Id)
                .Select(i => new IssueLine(i.RowNumber, i.Column, i.Message, i.File)).ToPagedAsync(message.Page, PageSize, token);
            var warnings = issues.Where(i => i.Severity == IssueSeverity.Warning);
            var warningCount = await warnings.CountAsync(token);
            var warningLines = await warnings.OrderBy(i => i.Id).Take(PageSize)
                .Select(i => new IssueLine(i.RowNumber, i.Column, i.Message, i.File)).ToListAsync(token);

            timer.Mark("issues");
            var preview = import.Status == CsvImportStatus.Previewed
                ? await PreviewOrNullAsync(message, import, timer, token)
                : null;
            if (preview is not null)
                logger.LogInformation("users.csv preview {ImportId} of district {DistrictId} in {Milliseconds} ms ({Steps})",
                    import.Id, message.DistrictId, timer.TotalMilliseconds, timer.Steps);
            return new Result
            {
                Import = import, DistrictName = districtName, Errors = errorPage.Items, ErrorCount = errorPage.Total, Page = errorPage.Page,
                PageCount = errorPage.Pages, Warnings = warningLines, WarningCount = warningCount, Preview = preview,
            };
        }

        /// <summary>The kept files planned against the district as it is now; null when they are gone or unreadable.</summary>
        private async Task<Preview?> PreviewOrNullAsync(Query query, ImportSummary import, ImportStepTimer timer,
            CancellationToken token)
        {
            var districtId = query.DistrictId;
            if (await StoredImport.PlansOrNullAsync(db, files, kept, districtId, import, token, timer) is not { } plans)
                return null;
            var people = plans.People;
            var plan = people ?? ImportPlan.Build(new ParsedFile([], [], 0), plans.District);
            var licence = await PlanCheck.CheckAsync(db, clock, districtId, plans.ActiveStudentsAfter, token);
            timer.Mark("licence");
            return new Preview
            {
                Roles = people is null ? [] : plan.ByRole.Select(r => new RoleLine(RosterFields.RoleName(r.Key), r.Value.Create,
                    r.Value.Update, r.Value.Reactivate, r.Value.Archive, r.Value.Unchanged)).ToList(),
                Licence = licence,
                NewSchools = plan.NewSchools,
                NeedsArchiveConfirmation = people is not null && plan.NeedsArchiveConfirmation,
                ThresholdPercent = plan.ThresholdPercent,
                ActiveCsvPeopleNow = plan.ActiveCsvPeopleNow,
                ArchiveCount = people is null ? 0 : plan.Archives.Count,
                ArchiveList = people is null ? [] : plan.Archives.Take(Preview.ArchiveListLimit).Select(a => new ArchiveLine(
                    a.ExternalId, $"{a.FirstName} {a.LastName}", RosterFields.RoleName(ImportPlan.PrimaryRole(a.Roles)))).ToList(),
                Updates = people is null ? ChangeLists.Empty<UpdateLine>() : ChangeLists.Updates(people, plans.District, query.UpdatesPage),
                Creates = people is null ? ChangeLists.Empty<NewLine>() : ChangeLists.Creates(people, query.NewPage),
                PasswordsToSet = plan.PasswordsToSet,
                PasswordsToCheck = plan.PasswordsToCheck,
                NewErrors = plans.Errors.Select(e => new IssueLine(e.Row, e.Column, e.Message, e.File)).Take(PageSize).ToList(),
                Classes = plans.Classes is { } c ? ClassPreviewOf(c) : null,
                NeedsClassConfirmation = plans.Classes?.NeedsDeactivationConfirmation(plans.District.ThresholdPercent) == true,
            };
        }

        private static ClassPreview ClassPreviewOf(ClassPlan plan) => new()
        {
            Create = plan.Creates.Count, Update = plan.Updates.Count - plan.Reactivations, Reactivate = plan.Reactivations,
            Deactivate = plan.Deactivations.Count, Unchanged = plan.Unchanged, EnrollmentsInFile = plan.EnrollmentsInFile,
            EnrollmentsAdded = plan.EnrollmentsAdded, EnrollmentsRemoved = plan.EnrollmentsRemoved,
            MembershipsRemovedFromKept = plan.MembershipsRemovedFromKeptClasses, ChangesToConfirm = plan.ChangesToConfirm,
        };
    }
}
