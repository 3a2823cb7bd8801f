using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Domain;
using Twig.Web.Infrastructure.Web.Times;
using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.DistrictAdmin;

/// <summary>Times read in the district's zone (a district setting), relative where it helps, with UTC on hover; staff may read their own zone.</summary>
public sealed class DistrictTimesTests(SliceFixture fixture) : SliceTest(fixture)
{
    private static readonly DateTime Started = new(2026, 1, 15, 18, 30, 0, DateTimeKind.Utc);

    private async Task<(District District, SyncRun Run)> ChicagoDistrictWithARunAsync()
    {
        var district = await Fixture.InsertDistrictAsync("chi" + Guid.NewGuid().ToString("N")[..6]);
        await Fixture.ExecuteDbContextAsync(db => db.Districts.Where(d => d.Id == district.Id)
            .ExecuteUpdateAsync(u => u.SetProperty(d => d.TimeZoneId, "America/Chicago")));
        var run = new SyncRun
        {
            DistrictId = district.Id, Trigger = SyncTrigger.Nightly, RequestedBy = "nightly schedule", RequestedAt = Started, StartedAt = Started,
            FinishedAt = Started.AddSeconds(42), Status = SyncRunStatus.Succeeded, Phase = SyncPhase.Done,
        };
        await Fixture.InsertAsync(run);
        return (district, run);
    }

    [Fact]
    public async Task A_runs_time_reads_in_the_districts_zone_with_utc_on_hover_and_staff_can_switch_to_their_own_zone()
    {
        var (district, run) = await ChicagoDistrictWithARunAsync();
        // 18:30 UTC on 15 January is 12:30 PM in Chicago (CST, UTC−6) and 1:30 PM in New York (EST).
        const string Chicago = "<time datetime=\"2026-01-15T18:30:00Z\" title=\"2026-01-15 18:30:00 UTC\">Jan 15, 2026 12:30 PM CST</time>";
        const string NewYork = "<time datetime=\"2026-01-15T18:30:00Z\" title=\"2026-01-15 18:30:00 UTC\">Jan 15, 2026 1:30 PM EST</time>";

        using var owner = await Fixture.SignedInSessionAsync(TwigRoles.DistrictOwner, district.Id);
        Assert.Contains(Chicago, (await owner.GetPageAsync($"/districts/{district.Id}/sync")).Html);
        Assert.Contains(Chicago, (await owner.GetPageAsync("/district")).Html);
        var details = await owner.GetPageAsync($"/districts/{district.Id}/sync/runs/{run.Id}");
        Assert.Matches(@"title=""2026-01-15 18:30:00 UTC"">Jan 15, 2026 12:30 PM CST \(\d+ days ago\)</time>", details.Html);
        Assert.DoesNotContain("(UTC)", details.Html);

        using var support = await Fixture.SignedInSessionAsync(TwigRoles.Support);
        var history = $"/districts/{district.Id}/sync";
        var seen = await support.GetPageAsync(history);
        Assert.Contains(Chicago, seen.Html);
        Assert.Contains("Times are shown in the district's time zone.", seen.Html);

        var own = await support.SubmitFormAsync("/account/time-zone?returnUrl=" + Uri.EscapeDataString(history),
            new Dictionary<string, string> { ["Choice"] = "own", ["OwnZone"] = "America/New_York", ["ReturnUrl"] = history });
        Assert.Equal(HttpStatusCode.Redirect, own.StatusCode);
        Assert.Equal(history, own.Headers.Location!.OriginalString);
        var mine = await support.GetPageAsync(history);
        Assert.Contains(NewYork, mine.Html);
        Assert.Contains("Times are shown in your time zone, America/New_York.", mine.Html);
        // The console lists every district, each row in its own zone unless the viewer chose theirs.
        Assert.Contains("Jan 15, 2026 1:30 PM EST (", (await support.GetPageAsync("/support")).Html);

        await support.SubmitFormAsync("/account/time-zone", new Dictionary<string, string> { ["Choice"] = "district" });
        Assert.Contains(Chicago, (await support.GetPageAsync(history)).Html);
        // The owner was never affected by support's choice.
        Assert.Contains(Chicago, (await owner.GetPageAsync(history)).Html);
    }

    [Fact]
    public async Task A_known_zone_typed_in_any_case_is_saved_in_its_canonical_spelling()
    {
        var district = await Fixture.InsertDistrictAsync("tz" + Guid.NewGuid().ToString("N")[..6]);
        using var owner = await Fixture.SignedInSessionAsync(TwigRoles.DistrictOwner, district.Id);
        var settings = $"/districts/{district.Id}/settings";

        var saved = await owner.SubmitFormAsync(settings, new Dictionary<string, string> { ["Data.TimeZoneId"] = " america/chicago " });

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal("America/Chicago", await Fixture.ExecuteDbContextAsync(db => db.Districts.Where(d => d.Id == district.Id).Select(d => d.TimeZoneId).SingleAsync()));
        Assert.Contains("Saved: time zone America/Los_Angeles → America/Chicago.", WebUtility.HtmlDecode((await owner.GetPageAsync(settings)).Html));
        // Abbreviations and fixed offsets stay refused in any case.
        foreach (var fixedZone in new[] { "est", "etc/gmt+5" })
        {
            var refused = await owner.SubmitFormAsync(settings, new Dictionary<string, string> { ["Data.TimeZoneId"] = fixedZone });
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        }
        Assert.Equal("America/Chicago", await Fixture.ExecuteDbContextAsync(db => db.Districts.Where(d => d.Id == district.Id).Select(d => d.TimeZoneId).SingleAsync()));
    }

    [Fact]
    public async Task The_owner_sets_the_districts_time_zone_and_an_unknown_zone_is_refused_in_plain_words()
    {
        var district = await Fixture.InsertDistrictAsync("tz" + Guid.NewGuid().ToString("N")[..6]);
        using var owner = await Fixture.SignedInSessionAsync(TwigRoles.DistrictOwner, district.Id);
        var settings = $"/districts/{district.Id}/settings";
        var page = await owner.GetPageAsync(settings);
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("value=\"America/Los_Angeles\"", page.Html);

        foreach (var bad in new[] { "Mars/Olympus_Mons", "Pacific Standard Time", "" })
        {
            var refused = await owner.SubmitFormAsync(settings, new Dictionary<string, string> { ["Data.TimeZoneId"] = bad });
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
            var html = await refused.Content.ReadAsStringAsync();
            Assert.Contains(bad.Length == 0 ? "Enter a time zone, such as America/Chicago." : $"&quot;{bad}&quot; is not a time zone Twig knows. Enter one such as America/Chicago or America/New_York.", html);
        }
        // Zones the database keeps for old systems are not a place's: "EST" never moves to daylight saving time.
        foreach (var (fixedZone, place) in new[] { ("EST", "America/New_York"), ("Etc/GMT+5", "a place's zone, such as America/Chicago") })
        {
            var refused = await owner.SubmitFormAsync(settings, new Dictionary<string, string> { ["Data.TimeZoneId"] = fixedZone });
            Assert.Contains($"\"{fixedZone}\" is an abbreviation or a fixed offset, not a place's time zone: its times would not follow " +
                $"daylight saving. Enter {place}.", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()));
        }
        Assert.Equal(District.DefaultTimeZoneId, await Fixture.ExecuteDbContextAsync(db => db.Districts.Where(d => d.Id == district.Id).Select(d => d.TimeZoneId).SingleAsync()));

        var saved = await owner.SubmitFormAsync(settings, new Dictionary<string, string> { ["Data.TimeZoneId"] = "America/Denver" });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Contains("Saved: time zone America/Los_Angeles → America/Denver.", WebUtility.HtmlDecode((await owner.GetPageAsync(settings)).Html));
        Assert.Equal("America/Denver", await Fixture.ExecuteDbContextAsync(db => db.Districts.Where(d => d.Id == district.Id).Select(d => d.TimeZoneId).SingleAsync()));
        Assert.True(await Fixture.ExecuteDbContextAsync(db => db.AuditEvents.AnyAsync(a => a.DistrictId == district.Id && a.Action == "district.settings.changed"
            && a.Details == "time zone America/Los_Angeles → America/Denver")));
    }

    [Fact]
    public async Task The_cooldown_says_when_in_the_districts_zone_in_whole_plural_words()
    {
        var (district, _) = await ChicagoDistrictWithARunAsync();
        var now = DateTime.UtcNow;
        await Fixture.InsertAsync(new SyncRun
        {
            DistrictId = district.Id, Trigger = SyncTrigger.OnDemand, RequestedBy = "owner", RequestedAt = now.AddSeconds(-30), StartedAt = now.AddSeconds(-30),
            FinishedAt = now.AddSeconds(-20), Status = SyncRunStatus.Succeeded, Phase = SyncPhase.Done,
        });
        var refusal = await Fixture.ExecuteDbContextAsync(db =>
            Features.CleverSync.Runs.RequestSync.CooldownAsync(db, district.Id, now, TimeSpan.FromMinutes(5), CancellationToken.None));
        Assert.NotNull(refusal);
        Assert.Matches(@"was started less than a minute ago and has finished; you can sync again in 5 minutes \(at \d{1,2}:\d\d (AM|PM) (CST|CDT)\)\.$", refusal.Reason);
    }

    [Fact]
    public void Relative_words_are_whole_and_plural_never_zero_minutes()
    {
        for (var seconds = 0; seconds <= 3 * 3600; seconds += 7)
        {
            var span = TimeSpan.FromSeconds(seconds);
            foreach (var words in new[] { DisplayTime.In(span), DisplayTime.Ago(span) })
            {
                Assert.DoesNotContain("(s)", words);
                Assert.DoesNotMatch(@"\b0 (minute|hour|day)", words);
                Assert.DoesNotMatch(@"\b1 (minute|hour|day)s", words);
                Assert.Matches(@"^(in less than a minute|less than a minute ago|in \d+ (minute|hour|day)s?|\d+ (minute|hour|day)s? ago)$", words);
            }
        }
        Assert.Equal("in 1 minute", DisplayTime.In(TimeSpan.FromSeconds(60)));
        Assert.Equal("in 5 minutes", DisplayTime.In(TimeSpan.FromSeconds(4 * 60 + 1)));
        Assert.Equal("12 minutes ago", DisplayTime.Ago(TimeSpan.FromMinutes(12.5)));
    }

    [Fact]
    public void Zones_read_with_their_usual_letters_and_others_with_their_offset()
    {
        var summer = new DateTime(2026, 7, 1, 19, 0, 0, DateTimeKind.Utc);
        Assert.Equal("Jul 1, 2026 12:00 PM PDT", DisplayTime.Format(summer, DisplayTime.ZoneOrDefault("America/Los_Angeles")));
        Assert.Equal("Jul 1, 2026 3:00 PM EDT", DisplayTime.Format(summer, DisplayTime.ZoneOrDefault("America/New_York")));
        Assert.Equal("Jul 2, 2026 12:30 AM UTC+05:30", DisplayTime.Format(summer, DisplayTime.ZoneOrDefault("Asia/Kolkata")));
        Assert.Equal("Jul 1, 2026", DisplayTime.Format(summer, DisplayTime.ZoneOrDefault("America/Phoenix"), TimePart.Date));
        Assert.Null(DisplayTime.FindZone("Not/AZone"));
        Assert.Equal("America/Los_Angeles", DisplayTime.ZoneOrDefault("Not/AZone").Id);
        Assert.Matches(new Regex("^2026-07-01 19:00:00 UTC$"), DisplayTime.Utc(summer));
    }

    [Fact]
    public async Task A_staff_page_without_a_district_names_the_zone_its_times_read_in()
    {
        await ChicagoDistrictWithARunAsync();
        using var support = await Fixture.SignedInSessionAsync(TwigRoles.Support);

        var account = await support.GetPageAsync("/account/two-factor");
        Assert.Contains("Times are shown in Twig's default time zone, America/Los_Angeles.", account.Html);
        Assert.DoesNotContain("the district's time zone", account.Html);
        // The console lists districts, each row in its own district's zone.
        Assert.Contains("Times are shown in each district's time zone.", (await support.GetPageAsync("/support")).Html);
        Assert.Contains("Times are shown in the district's time zone.", (await support.GetPageAsync("/support/districts/" +
            await Fixture.ExecuteDbContextAsync(db => db.Districts.Select(d => d.Id).MaxAsync()))).Html);
    }
}
