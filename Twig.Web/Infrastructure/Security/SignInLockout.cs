namespace Twig.Web.Infrastructure.Security;

/// <summary>
/// The lockout every password form applies, local accounts (Identity's options, counted by StaffLockout) and users.csv
/// people (their district's page) alike, and the one sentence that tells people about it. Every refusal carries that
/// sentence, so it must not read as if this account were locked: a locked account answers as any wrong password does.
/// </summary>
public static class SignInLockout
{
    public const int MaxFailedAttempts = 5;
    public const int Minutes = 15;
    public static readonly TimeSpan Duration = TimeSpan.FromMinutes(Minutes);
    public static readonly string Words = $"After {MaxFailedAttempts} failed attempts an account cannot sign in for {Minutes} minutes.";
}
