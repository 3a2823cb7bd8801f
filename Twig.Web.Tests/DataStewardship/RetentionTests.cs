using Microsoft.EntityFrameworkCore;
using Twig.Web.Domain;
using Twig.Web.Features.DataStewardship;
using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.DataStewardship;

/// <summary>Each kind of record a day inside and a day past its retention period (the defaults: 90 days, 1 year, 3 years).</summary>
public sealed class RetentionTests(SliceFixture fixture) : SliceTest(fixture)
{
    private static DateTime DaysAgo(int days) => DateTime.UtcNow.AddDays(-days);

    private static SyncRun Run(int districtId, int daysAgo, string tag) => new()
    {
        DistrictId = districtId, Trigger = SyncTrigger.Nightly, RequestedBy = tag, RequestedAt = DaysAgo(daysAgo), Status = SyncRunStatus.HeldForReview,
        Phase = SyncPhase.Done, FinishedAt = DaysAgo(daysAgo),
        Counts = [new SyncRunCount { EntityType = RosterEntityType.Person, Deactivated = 1 }],
        Issues = [new SyncIssue { Severity = IssueSeverity.Warning, ExternalId = tag, Message = "Missing last name" }],
    };

    [Fact]
    public async Task Sync_warnings_held_lists_and_import_issues_go_after_90_days_and_the_runs_and_imports_stay()
    {
        var district = await Fixture.InsertDistrictAsync();
        var kept = Run(district.Id, 89, "kept");
        var gone = Run(district.Id, 91, "gone");
        var keptImport = new CsvImport { DistrictId = district.Id, UploadedBy = "o", UploadedAt = DaysAgo(89), FileName = "a.csv", Sha256 = "1", Status = CsvImportStatus.Invalid, Issues = [new CsvImportIssue { Message = "kept" }] };
        var goneImport = new CsvImport { DistrictId = district.Id, UploadedBy = "o", UploadedAt = DaysAgo(91), FileName = "b.csv", Sha256 = "2", Status = CsvImportStatus.Invalid, Issues = [new CsvImportIssue { Message = "gone" }] };
        await Fixture.InsertAsync(kept, gone, keptImport, goneImport);
        await Fixture.InsertAsync(
            new HeldDeactivation { SyncRunId = kept.Id, EntityType = RosterEntityType.Person, ExternalId = "k", DisplayName = "Kept Person" },
            new HeldDeactivation { SyncRunId = gone.Id, EntityType = RosterEntityType.Person, ExternalId = "g", DisplayName = "Gone Person" });

        var result = await Fixture.SendAsync(new RetentionJob.Command());

        Assert.Equal(new RetentionJob.Result(1, 1, 1, 0, 0, 0), result);
        await Fixture.ExecuteDbContextAsync(async db =>
        {
            Assert.Equal(["kept"], await db.SyncIssues.Select(i => i.ExternalId!).ToListAsync());
            Assert.Equal(["k"], await db.HeldDeactivations.Select(h => h.ExternalId).ToListAsync());
            Assert.Equal(["kept"], await db.CsvImportIssues.Select(i => i.Message).ToListAsync());
            Assert.Equal(2, await db.SyncRuns.CountAsync());
            Assert.Equal(2, await db.SyncRunCounts.CountAsync());
            Assert.Equal(2, await db.CsvImports.CountAsync());
        });
    }

    [Fact]
    public async Task Notifications_go_after_a_year_and_audit_events_after_three_years()
    {
        var district = await Fixture.InsertDistrictAsync();
        Notification Notice(int daysAgo, string key) => new()
        {
            Kind = NotificationKind.SyncFailed, DistrictId = district.Id, RecipientUserId = "u", RecipientEmail = "o@test", Subject = key, TextBody = "t", HtmlBody = "h",
            Link = "/", IdempotencyKey = key, CreatedAt = DaysAgo(daysAgo), Status = NotificationStatus.Sent,
        };
        AuditEvent Audit(int daysAgo, string action) => new() { At = DaysAgo(daysAgo), Actor = "a", Action = action, DistrictId = district.Id };
        await Fixture.InsertAsync(Notice(364, "kept"), Notice(366, "gone"), Audit(3 * 365 - 1, "kept"), Audit(3 * 365 + 1, "gone"));

        var result = await Fixture.SendAsync(new RetentionJob.Command());

        Assert.Equal(new RetentionJob.Result(0, 0, 0, 1, 1, 0), result);
        Assert.Equal(["kept"], await Fixture.ExecuteDbContextAsync(db => db.Notifications.Select(n => n.Subject).ToListAsync()));
        Assert.Equal(["kept"], await Fixture.ExecuteDbContextAsync(db => db.AuditEvents.Select(a => a.Action).ToListAsync()));
    }

    [Fact]
    public async Task People_deactivated_over_a_year_lose_their_personal_fields_but_keep_their_row_and_external_id()
    {
        var district = await Fixture.InsertDistrictAsync();
        Person Someone(string id, bool active, int? deactivatedDaysAgo)
        {
            var person = new Person
            {
                DistrictId = district.Id, Source = RosterSource.Csv, ExternalId = id, FirstName = "First " + id, MiddleName = "M", LastName = "Last " + id,
                SisId = "sis-" + id, StateId = "st-" + id, StudentNumber = "n-" + id, PasswordHash = "hash", GoogleSubject = "g-" + id, Roles = PersonRoles.Student,
                IsActive = active, DeactivatedAt = deactivatedDaysAgo is { } d ? DaysAgo(d) : null, CreatedAt = DaysAgo(800), UpdatedAt = DaysAgo(400),
            };
            person.SetEmail(id + "@school.test");
            person.SetUsername("user-" + id);
            return person;
        }
        await Fixture.InsertAsync(Someone("recent", false, 364), Someone("old", false, 366), Someone("active", true, null));

        var result = await Fixture.SendAsync(new RetentionJob.Command());
        Assert.Equal(1, result.PeopleScrubbed);
        Assert.Equal(0, (await Fixture.SendAsync(new RetentionJob.Command())).PeopleScrubbed);

        var people = await Fixture.ExecuteDbContextAsync(db => db.People.AsNoTracking().ToDictionaryAsync(p => p.ExternalId));
        var old = people["old"];
        Assert.Equal(("", "", null, null, null, null, null, null, null, null, null),
            (old.FirstName, old.LastName, old.MiddleName, old.Email, old.NormalizedEmail, old.Username, old.SisId, old.StateId, old.StudentNumber, old.PasswordHash, old.GoogleSubject));
        Assert.False(old.IsActive);
        Assert.Equal("First recent", people["recent"].FirstName);
        Assert.Equal("recent@school.test", people["recent"].Email);
        Assert.Equal("First active", people["active"].FirstName);
    }
}
