using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Domain;
using Twig.Web.Features.LicenseCheck;
using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.LicenseCheck;

public sealed class LicenceQueryTests(SliceFixture fixture) : SliceTest(fixture)
{
    [Fact]
    public async Task Seats_exactly_used_is_at_limit_and_a_plan_keeping_it_is_allowed()
    {
        var district = await Fixture.InsertDistrictAsync("exact", seats: 3);
        await Fixture.InsertStudentsAsync(district.Id, 3);

        var usage = await Fixture.SendAsync(new CurrentUsage.Query(district.Id));
        Assert.NotNull(usage);
        Assert.Equal((3, 3, 100, SeatState.AtLimit), (usage.Used, usage.Seats, usage.Percent, usage.State));

        var plan = await Fixture.SendAsync(new PlanCheck.Query(district.Id, 3));
        Assert.True(plan.Allowed);
        Assert.Null(plan.Refusal);
        Assert.Equal(0, plan.Excess);
    }

    [Fact]
    public async Task Seats_plus_one_is_refused_before_anything_is_written_with_both_numbers()
    {
        var district = await Fixture.InsertDistrictAsync("plus-one", seats: 3);
        await Fixture.InsertStudentsAsync(district.Id, 2);

        var plan = await Fixture.SendAsync(new PlanCheck.Query(district.Id, 4));

        Assert.False(plan.Allowed);
        Assert.Equal((2, 4, 3, 1), (plan.ActiveStudentsNow, plan.ActiveStudentsAfter, plan.Seats, plan.Excess));
        Assert.Equal("4 students would be active; 3 are licensed.", plan.Refusal);
    }

    [Fact]
    public async Task The_refusal_formats_large_numbers_like_people_read_them()
    {
        var district = await Fixture.InsertDistrictAsync("large", seats: 1000);

        var plan = await Fixture.SendAsync(new PlanCheck.Query(district.Id, 1240));

        Assert.False(plan.Allowed);
        Assert.Equal("1,240 students would be active; 1,000 are licensed.", plan.Refusal);
        Assert.Equal(240, plan.Excess);
    }

    [Fact]
    public async Task A_pilot_subscription_signs_in_syncs_and_is_held_to_its_seats()
    {
        var district = await Fixture.InsertDistrictAsync("pilot", seats: 5, status: SubscriptionStatus.Pilot, endsOn: People.Today.AddDays(30));
        await Fixture.InsertStudentsAsync(district.Id, 5);

        Assert.True((await Fixture.SendAsync(new SignInCheck.Query(district.Id))).Allowed);
        var start = await Fixture.SendAsync(new RosterChangeCheck.Query(district.Id, Scheduled: false));
        Assert.True(start.Allowed);
        Assert.Equal(SubscriptionStatus.Pilot, start.Status);
        Assert.Null(start.Reason);
        Assert.True((await Fixture.SendAsync(new PlanCheck.Query(district.Id, 5))).Allowed);
        Assert.False((await Fixture.SendAsync(new PlanCheck.Query(district.Id, 6))).Allowed);
        Assert.Equal(SubscriptionStatus.Pilot, (await Fixture.SendAsync(new CurrentUsage.Query(district.Id)))!.Status);
    }

    [Fact]
    public async Task A_subscription_past_its_end_date_is_expired_and_stops_sign_in_syncs_and_imports()
    {
        var endedOn = People.Today.AddDays(-1);
        var district = await Fixture.InsertDistrictAsync("expired", seats: 100, status: SubscriptionStatus.Active, endsOn: endedOn);
        var date = endedOn.ToString("MMM d, yyyy", System.Globalization.CultureInfo.GetCultureInfo("en-US"));

        var signIn = await Fixture.SendAsync(new SignInCheck.Query(district.Id));
        Assert.False(signIn.Allowed);
        Assert.Contains("expired", signIn.Reason);

        var onDemand = await Fixture.SendAsync(new RosterChangeCheck.Query(district.Id, Scheduled: false));
        Assert.False(onDemand.Allowed);
        Assert.Equal(SubscriptionStatus.Expired, onDemand.Status);
        Assert.Equal($"The subscription expired on {date}; syncs and imports are paused until it is renewed.", onDemand.Reason);

        var scheduled = await Fixture.SendAsync(new RosterChangeCheck.Query(district.Id, Scheduled: true));
        Assert.False(scheduled.Allowed);
        Assert.Equal($"Scheduled sync skipped. The subscription expired on {date}; syncs and imports are paused until it is renewed.", scheduled.Reason);

        var plan = await Fixture.SendAsync(new PlanCheck.Query(district.Id, 0));
        Assert.False(plan.Allowed);
        Assert.Contains($"expired on {date}", plan.Refusal);

        Assert.Equal(SubscriptionStatus.Expired, (await Fixture.SendAsync(new CurrentUsage.Query(district.Id)))!.Status);
    }

    [Fact]
    public async Task The_end_date_is_the_last_day_covered()
    {
        var district = await Fixture.InsertDistrictAsync("last-day", seats: 10, status: SubscriptionStatus.Pilot, endsOn: People.Today);

        Assert.True((await Fixture.SendAsync(new SignInCheck.Query(district.Id))).Allowed);
        Assert.True((await Fixture.SendAsync(new RosterChangeCheck.Query(district.Id, Scheduled: true))).Allowed);
        Assert.Equal(SubscriptionStatus.Pilot, (await Fixture.SendAsync(new CurrentUsage.Query(district.Id)))!.Status);
    }

    [Fact]
    public async Task A_subscription_marked_expired_is_expired_whatever_its_dates()
    {
        var district = await Fixture.InsertDistrictAsync("marked", seats: 10, status: SubscriptionStatus.Expired, endsOn: People.Today.AddYears(1));

        Assert.False((await Fixture.SendAsync(new SignInCheck.Query(district.Id))).Allowed);
        var start = await Fixture.SendAsync(new RosterChangeCheck.Query(district.Id, Scheduled: false));
        Assert.False(start.Allowed);
        Assert.Equal("The subscription has expired; syncs and imports are paused until it is renewed.", start.Reason);
    }

    [Fact]
    public async Task A_district_already_over_may_lower_usage_or_keep_it_but_not_raise_it()
    {
        var district = await Fixture.InsertDistrictAsync("over", seats: 2);
        await Fixture.InsertStudentsAsync(district.Id, 4);

        var usage = await Fixture.SendAsync(new CurrentUsage.Query(district.Id));
        Assert.Equal((SeatState.OverLicence, 200, 2), (usage!.State, usage.Percent, usage.Excess));

        var lower = await Fixture.SendAsync(new PlanCheck.Query(district.Id, 3));
        Assert.True(lower.Allowed);
        Assert.Equal((4, 3, 1), (lower.ActiveStudentsNow, lower.ActiveStudentsAfter, lower.Excess));
        Assert.True((await Fixture.SendAsync(new PlanCheck.Query(district.Id, 4))).Allowed);

        var raise = await Fixture.SendAsync(new PlanCheck.Query(district.Id, 5));
        Assert.False(raise.Allowed);
        Assert.Equal("5 students would be active; 2 are licensed.", raise.Refusal);

        // Nobody was deactivated to fit the licence.
        Assert.Equal(4, await Fixture.ExecuteDbContextAsync(db => db.People.CountAsync(p => p.IsActive)));
    }

    [Fact]
    public async Task A_person_with_two_roles_uses_one_seat_and_staff_use_none()
    {
        var district = await Fixture.InsertDistrictAsync("roles", seats: 10);
        await Fixture.InsertAsync(
            People.New(district.Id, PersonRoles.Student | PersonRoles.Teacher),
            People.New(district.Id, PersonRoles.Teacher),
            People.New(district.Id, PersonRoles.SchoolAdmin | PersonRoles.DistrictAdmin),
            People.New(district.Id, PersonRoles.Student, active: false));

        var usage = await Fixture.SendAsync(new CurrentUsage.Query(district.Id));

        Assert.Equal(1, usage!.Used);
    }

    [Fact]
    public async Task Clever_and_csv_students_are_counted_together_and_other_districts_are_not()
    {
        var district = await Fixture.InsertDistrictAsync("mixed", seats: 5);
        var other = await Fixture.InsertDistrictAsync("other", seats: 5);
        await Fixture.InsertStudentsAsync(district.Id, 3, RosterSource.Clever);
        await Fixture.InsertStudentsAsync(district.Id, 2, RosterSource.Csv);
        await Fixture.InsertStudentsAsync(other.Id, 4, RosterSource.Csv);

        var usage = await Fixture.SendAsync(new CurrentUsage.Query(district.Id));
        Assert.Equal((5, SeatState.AtLimit), (usage!.Used, usage.State));

        var plan = await Fixture.SendAsync(new PlanCheck.Query(district.Id, 6));
        Assert.False(plan.Allowed);
        Assert.Equal(5, plan.ActiveStudentsNow);
    }

    [Theory]
    [InlineData(0, 0, SeatState.Ok, 0)]
    [InlineData(89, 100, SeatState.Ok, 89)]
    [InlineData(90, 100, SeatState.NearLimit, 90)]
    [InlineData(99, 100, SeatState.NearLimit, 99)]
    [InlineData(100, 100, SeatState.AtLimit, 100)]
    [InlineData(101, 100, SeatState.OverLicence, 101)]
    [InlineData(1, 0, SeatState.OverLicence, 100)]
    public void Usage_states_change_at_90_percent_at_the_limit_and_beyond_it(int used, int seats, SeatState state, int percent)
    {
        var usage = new SeatUsage(used, seats, SubscriptionStatus.Active);
        Assert.Equal((state, percent), (usage.State, usage.Percent));
    }

    [Fact]
    public async Task Without_a_subscription_nothing_may_start_and_an_unknown_district_has_no_usage()
    {
        var district = new District { Name = "Bare", Slug = "bare", CreatedAt = DateTime.UtcNow };
        await Fixture.InsertAsync(district);

        var start = await Fixture.SendAsync(new RosterChangeCheck.Query(district.Id, Scheduled: false));
        Assert.False(start.Allowed);
        Assert.Null(start.Status);
        Assert.Contains("no subscription", start.Reason);
        Assert.False((await Fixture.SendAsync(new SignInCheck.Query(district.Id))).Allowed);
        Assert.False((await Fixture.SendAsync(new PlanCheck.Query(district.Id, 0))).Allowed);
        Assert.Null((await Fixture.SendAsync(new CurrentUsage.Query(district.Id)))!.Status);
        Assert.Null(await Fixture.SendAsync(new CurrentUsage.Query(district.Id + 1000)));
    }

    [Fact]
    public async Task Changing_a_subscription_audits_old_and_new_values_and_deactivates_nobody()
    {
        var district = await Fixture.InsertDistrictAsync("audit", seats: 100, endsOn: new DateOnly(2027, 6, 30));
        await Fixture.InsertStudentsAsync(district.Id, 3);
        var before = await Fixture.FindAsync<Subscription>(district.Subscription!.Id);

        var result = await Fixture.SendAsync(new Features.LicenseCheck.EditSubscription.Command
        {
            DistrictId = district.Id,
            Status = SubscriptionStatus.Pilot,
            Seats = 2,
            StartsOn = before!.StartsOn,
            EndsOn = new DateOnly(2027, 7, 31),
        });

        Assert.Equal(3, result.Used);
        Assert.Equal(2, result.Seats);
        var audit = await Fixture.ExecuteDbContextAsync(db => db.AuditEvents.SingleAsync(a => a.Action == "subscription.changed"));
        Assert.Equal(district.Id, audit.DistrictId);
        Assert.Contains("status Active → Pilot", audit.Details);
        Assert.Contains("seats 100 → 2", audit.Details);
        Assert.Contains("ends Jun 30, 2027 → Jul 31, 2027", audit.Details);
        Assert.Contains("over licence: 3 students active", audit.Details);
        Assert.DoesNotContain("starts", audit.Details);
        var after = await Fixture.FindAsync<Subscription>(district.Subscription.Id);
        Assert.Equal((SubscriptionStatus.Pilot, 2), (after!.Status, after.LicensedStudentSeats));
        Assert.Equal(3, await Fixture.ExecuteDbContextAsync(db => db.People.CountAsync(p => p.IsActive)));
        Assert.Equal(SeatState.OverLicence, (await Fixture.SendAsync(new CurrentUsage.Query(district.Id)))!.State);
    }

    [Fact]
    public async Task Saving_an_unchanged_subscription_writes_no_audit_entry()
    {
        var district = await Fixture.InsertDistrictAsync("same", seats: 10);
        var s = await Fixture.FindAsync<Subscription>(district.Subscription!.Id);

        var result = await Fixture.SendAsync(new Features.LicenseCheck.EditSubscription.Command
        {
            DistrictId = district.Id, Status = s!.Status, Seats = s.LicensedStudentSeats, StartsOn = s.StartsOn, EndsOn = s.EndsOn,
        });

        Assert.Empty(result.Changes);
        Assert.Equal(0, await Fixture.CountAsync<AuditEvent>());
    }

    [Fact]
    public async Task A_subscription_change_with_bad_values_is_refused_with_every_reason()
    {
        var district = await Fixture.InsertDistrictAsync("bad", seats: 10);

        var invalid = await Assert.ThrowsAsync<ValidationException>(() => Fixture.SendAsync(new Features.LicenseCheck.EditSubscription.Command
        {
            DistrictId = district.Id, Status = (SubscriptionStatus)9, Seats = -1, StartsOn = new DateOnly(2027, 1, 2), EndsOn = new DateOnly(2027, 1, 1),
        }));

        var messages = invalid.Errors.Select(e => e.ErrorMessage).ToList();
        Assert.Contains("Choose a status: pilot, active or expired.", messages);
        Assert.Contains("Seats must be a whole number from 0 to 10,000,000.", messages);
        Assert.Contains("The end date must be on or after the start date.", messages);
        Assert.Equal(10, (await Fixture.FindAsync<Subscription>(district.Subscription!.Id))!.LicensedStudentSeats);
        Assert.Equal(0, await Fixture.CountAsync<AuditEvent>());
    }
}
