using Mediator;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Domain.Events;
using Twig.Web.Infrastructure;
using Twig.Web.Infrastructure.Security;

namespace Twig.Web.Features.DistrictAdmin;

/// <summary>
/// Development's demo: "Demo Unified" with 700 seats, its owner, and one account per staff role; and a second district,
/// "Cedar Valley Schools", rostered from a generated OneRoster package (the same import the pages and the
/// <c>import-oneroster</c> verb use). Running it again changes nothing. The passwords are public (README) and only ever used in
/// Development.
/// </summary>
public static class DemoData
{
    public const string DistrictSlug = "demo";
    public const string DistrictName = "Demo Unified";
    public const int Seats = 700;
    public const string OneRosterSlug = "cedar-valley";
    public const string OneRosterName = "Cedar Valley Schools";
    public const int OneRosterStudents = 250;

    public static readonly DemoAccount Owner = new("owner@demo.twig.test", "demo-owner-password", TwigRoles.DistrictOwner);
    public static readonly DemoAccount Support = new("support@twig.test", "demo-support-password", TwigRoles.Support);
    public static readonly DemoAccount SupportAdmin = new("supportadmin@twig.test", "demo-supportadmin-password", TwigRoles.SupportAdmin);

    public sealed record DemoAccount(string Email, string Password, string Role);

    public sealed record Command : ICommand<Result>;

    public sealed record Result(int DistrictId, IReadOnlyList<DemoAccount> Accounts)
    {
        /// <summary>The accounts, never their passwords: those are in the README, not in any log.</summary>
        public string Describe() => string.Join("; ", Accounts.Select(a => $"{a.Role} {a.Email}"));
    }

    public sealed class CommandHandler(TwigDb db, UserManager<TwigUser> users, RoleManager<IdentityRole> roles, TimeProvider clock,
        IPublisher publisher)
        : ICommandHandler<Command, Result>
    {
        public async ValueTask<Result> Handle(Command message, CancellationToken token)
        {
            await roles.EnsureAsync();
            var now = clock.GetUtcNow().UtcDateTime;
            var district = await db.Districts.SingleOrDefaultAsync(d => d.Slug == DistrictSlug, token);
            if (district is null)
            {
                district = new District
                {
                    Name = DistrictName,
                    Slug = DistrictSlug,
                    CreatedAt = now,
                    Subscription = new Subscription
                    {
                        Status = SubscriptionStatus.Active,
                        LicensedStudentSeats = Seats,
                        StartsOn = DateOnly.FromDateTime(now).AddMonths(-2),
                        EndsOn = DateOnly.FromDateTime(now).AddYears(1),
                    },
                };
                db.Districts.Add(district);
                await db.SaveChangesAsync(token);
            }

            await EnsureOneRosterDistrictAsync(now, token);
            await EnsureAccountAsync(Owner, district.Id, now);
            await EnsureAccountAsync(Support, null, now);
            await EnsureAccountAsync(SupportAdmin, null, now);
            return new Result(district.Id, [Owner, Support, SupportAdmin]);
        }

        /// <summary>The OneRoster district is created and rostered once; its package comes from the sandbox's generator.</summary>
        private async Task EnsureOneRosterDistrictAsync(DateTime now, CancellationToken token)
        {
            if (await db.Districts.AnyAsync(d => d.Slug == OneRosterSlug, token)) return;
            var district = new District
            {
                Name = OneRosterName,
                Slug = OneRosterSlug,
                CreatedAt = now,
                RosterSource = RosterSource.OneRoster,
                Subscription = new Subscription
                {
                    Status = SubscriptionStatus.Active,
                    LicensedStudentSeats = OneRosterStudents * 2,
                    StartsOn = DateOnly.FromDateTime(now).AddMonths(-2),
                    EndsOn = DateOnly.FromDateTime(now).AddYears(1),
                },
            };
            db.Districts.Add(district);
            await db.SaveChangesAsync(token);
            // Rostered by the OneRoster import (its handler applies a generated package), the same import the pages use.
            var opened = new DemoOneRosterDistrictOpened(district.Id, OneRosterName, OneRosterStudents, "CV", "cedar-valley-oneroster.zip");
            await publisher.Publish(opened, token);
        }

        private async Task EnsureAccountAsync(DemoAccount account, int? districtId, DateTime now)
        {
            if (await users.FindByEmailAsync(account.Email) is not null) return;
            var user = new TwigUser
            {
                UserName = account.Email,
                Email = account.Email,
                EmailConfirmed = true,
                DisplayName = account.Role == TwigRoles.DistrictOwner ? "Demo Owner" : $"Demo {account.Role}",
                DistrictId = districtId,
                CreatedAt = now,
            };
            IdentityFailure.ThrowIfFailed(await users.CreateAsync(user, account.Password));
            IdentityFailure.ThrowIfFailed(await users.AddToRoleAsync(user, account.Role));
        }
    }
}

/// <summary>Start-up's demo data, in Development (Demo:Enabled) when the app is served, never for a command-line verb.</summary>
public sealed class DemoDataAtStartup(IConfiguration configuration, ILogger<DemoDataAtStartup> logger) : IStartupContributor
{
    public int Order => 100;

    public async Task RunAsync(IServiceProvider services, bool seedDemo, CancellationToken token)
    {
        if (!seedDemo || !configuration.GetValue<bool>("Demo:Enabled")) return;
        var demo = await services.GetRequiredService<IMediator>().Send(new DemoData.Command(), token);
        logger.LogInformation("Demo data ready. Sign in at /login as {Accounts} (passwords in the README)", demo.Describe());
    }
}
