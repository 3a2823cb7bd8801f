using Mediator;
using Twig.Web.Features.Login;

namespace Twig.Web.Tests.SqlServer;

/// <summary>
/// Google sign-in on the production SQL Server configuration: its look-up compares the e-mail a binding was made with to
/// the person's current one, two columns that must share a collation there (SQLite has none to differ).
/// </summary>
[Collection(nameof(SqlServerDryRun))]
public sealed class GoogleSignInDryRunTests(SqlServerDryRun dryRun)
{
    [Fact]
    public async Task The_look_up_of_a_Google_account_compares_columns_SQL_Server_can_compare()
    {
        var server = dryRun.Reset();

        var result = await dryRun.InScopeAsync(services => services.GetRequiredService<IMediator>()
            .Send(new GoogleSignIn.Command("google-sub-1", "ada@example.org", EmailVerified: true)).AsTask());

        dryRun.AssertClean();
        Assert.Equal(SignInRefusal.GoogleUnknown, result.Refusal);
        Assert.Contains(server.Commands, c => c.Text.Contains("[GoogleEmail]", StringComparison.Ordinal));
    }
}
