using Mediator;
using Microsoft.AspNetCore.Identity;
using Twig.Web.Domain;
using Twig.Web.Features.Login;

namespace Twig.Web.Tests.SqlServer;

/// <summary>
/// Username sign-in on the production SQL Server configuration, where reads take no locks: each attempt is counted by
/// an UPDATE in the database before its password is checked, so guesses sent at once cannot overwrite each other's count.
/// </summary>
[Collection(nameof(SqlServerDryRun))]
public sealed class SignInCountingDryRunTests(SqlServerDryRun dryRun)
{
    [Fact]
    public async Task A_fifth_wrong_password_is_counted_in_the_database_before_the_check_and_locks_the_person()
    {
        var server = dryRun.Reset();
        var hash = await dryRun.InScopeAsync(services =>
            Task.FromResult(services.GetRequiredService<IPasswordHasher<Person>>().HashPassword(new Person(), "ada-password")));
        // Four failures were counted by other requests since this one read the person.
        server.AnswerValues("SELECT TOP(2) [p].[AccessFailedCount]", 5);
        server.AnswerEntities("FROM [People] AS [p]", [new Person
        {
            Id = 12, DistrictId = 7, ExternalId = "s1", FirstName = "Ada", LastName = "Lovelace", Username = "ada.l", NormalizedUsername = "ADA.L",
            PasswordHash = hash, Roles = PersonRoles.Student, IsActive = true, AccessFailedCount = 0,
        }]);

        var result = await dryRun.InScopeAsync(services => services.GetRequiredService<IMediator>()
            .Send(new DistrictLogin.Command("maple", "ada.l", "not-her-password")).AsTask());

        dryRun.AssertClean();
        Assert.Null(result.Principal);
        Assert.Null(result.Refusal);
        var writes = server.Commands.Where(c => c.Text.StartsWith("UPDATE", StringComparison.Ordinal)).Select(c => c.Text).ToList();
        Assert.Equal(2, writes.Count);
        Assert.Matches(@"SET \[p\]\.\[AccessFailedCount\] = \[p\]\.\[AccessFailedCount\] \+ 1", writes[0]);
        Assert.Contains("[p].[LockoutEnd] IS NULL OR [p].[LockoutEnd] <=", writes[0], StringComparison.Ordinal);
        Assert.Contains("[p].[LockoutEnd] = @", writes[1], StringComparison.Ordinal);
        var counted = server.Commands.FindIndex(c => c.Text.StartsWith("UPDATE", StringComparison.Ordinal));
        Assert.True(server.Commands[counted].InTransaction);
    }
}
