using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Twig.Web.Features.Login;

/// <summary>Why a sign-in did not let someone in, in words for them.</summary>
public enum SignInRefusal
{
    NotSynced,
    Deactivated,
    DistrictNotConnected,
    SubscriptionInactive,
    Parent,
    CleverExpired,
    CleverFailed,
    GoogleUnverified,
    GoogleUnknown,
    /// <summary>The verified Google address is that of an active person Twig has from Clever, who signs in with Clever.</summary>
    GoogleUseClever,
    /// <summary>The district gave Twig the Google address for more than one person, so it names nobody.</summary>
    GoogleShared,
    GoogleAdminPolicy,
    GoogleFailed,
    /// <summary>Clever signed in an account the district's roster has never shared with Twig.</summary>
    NotShared,
    /// <summary>Clever shares the account, but the last sync left its record out (something Twig needs is missing).</summary>
    RecordIncomplete,
}

/// <summary>
/// The friendly page every refused or failed sign-in ends on: what happened and what to do. Never a raw 400 or 500.
/// </summary>
[AllowAnonymous]
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
public sealed class Refused : PageModel
{
    public string Title { get; private set; } = "";
    public string Explanation { get; private set; } = "";
    public IReadOnlyList<string> Steps { get; private set; } = [];
    /// <summary>Which sign-in button to offer again: "clever", "google" or null.</summary>
    public string? TryAgain { get; private set; }

    public static string PathFor(SignInRefusal refusal) => "/login/refused/" + Slug(refusal);

    public static string Slug(SignInRefusal refusal) => refusal switch
    {
        SignInRefusal.NotSynced => "not-synced",
        SignInRefusal.Deactivated => "deactivated",
        SignInRefusal.DistrictNotConnected => "district-not-connected",
        SignInRefusal.SubscriptionInactive => "subscription",
        SignInRefusal.Parent => "parent",
        SignInRefusal.CleverExpired => "clever-expired",
        SignInRefusal.CleverFailed => "clever-failed",
        SignInRefusal.GoogleUnverified => "google-unverified",
        SignInRefusal.GoogleUnknown => "google-unknown",
        SignInRefusal.GoogleUseClever => "google-use-clever",
        SignInRefusal.GoogleShared => "google-shared",
        SignInRefusal.GoogleAdminPolicy => "google-admin-policy",
        SignInRefusal.NotShared => "not-shared",
        SignInRefusal.RecordIncomplete => "record-incomplete",
        _ => "google-failed",
    };

    public IActionResult OnGet(string reason)
    {
        var refusal = Enum.GetValues<SignInRefusal>().Cast<SignInRefusal?>().FirstOrDefault(r => Slug(r!.Value) == reason);
        if (refusal is null) return NotFound();
        (Title, Explanation, Steps, TryAgain) = Describe(refusal.Value);
        // Every refusal page answers the same way, whatever the reason: the sign-in did not let the person in.
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return Page();
    }

    private static (string, string, string[], string?) Describe(SignInRefusal refusal) => refusal switch
    {
        SignInRefusal.NotSynced => ("Twig doesn't know you yet",
            "Clever signed you in, but your account has not reached Twig yet. Twig copies your district's people from Clever every night.",
            ["If you were added today, try again tomorrow after tonight's sync.",
             "If it still doesn't work, ask your school's Clever or technology contact to check that Twig is shared with you in Clever."],
                 "clever"),
        SignInRefusal.NotShared => ("Your Clever account is not shared with Twig",
            "Clever signed you in, but your district does not share your account with Twig Science, so Twig has no record of you. " +
                "Signing in again will not change this.",
            ["Ask your school's Clever or technology contact (your district's Clever administrator) to share your account with Twig " +
                "Science in the Clever dashboard (sharing rules).",
             "Once it is shared, you can sign in the day after, when Twig's nightly sync has copied your account."], null),
        SignInRefusal.RecordIncomplete => ("Your Clever record is missing something Twig needs",
            "Your district shares your account with Twig Science, but your record in Clever lacks information Twig needs (such as a " +
                "first or last name), so Twig's last sync left it out. Signing in again will not change this.",
            ["Ask your school's Clever or technology contact to complete your record in the school's student information system " +
                "(it reaches Clever from there). Your district's Twig owner sees the reason among the last sync's warnings.",
             "Once it is corrected, you can sign in the day after, when Twig's nightly sync has copied your account."], null),
        SignInRefusal.Deactivated => ("Your Twig account is not active",
            "Your district no longer lists you for Twig, so Twig has turned your account off. Nothing has been deleted.",
            ["If you think this is a mistake, ask your teacher or your school's technology contact to check your account in the " +
                "district's roster."], null),
        SignInRefusal.DistrictNotConnected => ("Your district is not connected to Twig",
            "Your district has not connected Twig in Clever yet, or the connection was turned off.",
            ["Ask your district's Clever administrator to add (or reconnect) Twig Science in the Clever dashboard.",
             "Once Twig support has approved the connection and the first sync has run, you can sign in."], null),
        SignInRefusal.SubscriptionInactive => ("Your district's Twig subscription is not active",
            "Your district's Twig Science subscription has ended or has not started, so students and staff cannot sign in right now. " +
                "Your classes are kept.",
            ["Please ask your district administrator to renew the subscription."], null),
        SignInRefusal.Parent => ("Twig is for students and school staff",
            "You signed in with a Clever family (parent or guardian) account. Twig has no parent access.",
            ["If you are also a student or staff member, sign out of Clever and sign in with that account."], null),
        SignInRefusal.CleverExpired => ("Your Clever sign-in expired",
            "The sign-in from Clever was too old or had already been used. This happens after a slow connection or when a page is " +
                "reloaded.",
            ["Sign in with Clever again."], "clever"),
        SignInRefusal.CleverFailed => ("Clever sign-in didn't finish",
            "Twig could not complete the sign-in with Clever. Nothing was changed.",
            ["Sign in with Clever again. If it keeps happening, tell your teacher or school's technology contact."], "clever"),
        SignInRefusal.GoogleUnverified => ("Your Google e-mail address is not verified",
            "Twig only accepts Google accounts whose e-mail address Google has verified.",
            ["Sign in with your school Google account, or verify the address in your Google account settings and try again."], "google"),
        SignInRefusal.GoogleUnknown => ("Twig doesn't know this Google account",
            "Twig has nobody who signs in with Google at this e-mail address, so Twig cannot tell who you are.",
            ["Check that you chose your school Google account.",
             "If it is the right account, ask your teacher or school office to add your school e-mail address to Twig, or sign in with " +
                 "Clever."], "google"),
        SignInRefusal.GoogleUseClever => ("Sign in with Clever",
            "Your school gives Twig your account through Clever, so you sign in to Twig with Clever, not with Google.",
            ["Choose \"Sign in with Clever\" on the sign-in page."], "clever"),
        SignInRefusal.GoogleShared => ("Twig can't tell who you are from this Google account",
            "Your school gave Twig this e-mail address for more than one person, so signing in with it could open someone else's " +
                "account. Twig lets nobody in with it.",
            ["Sign in with your username and password instead, or with Clever if your school uses it.",
             "Ask your teacher or school office to give each person their own e-mail address in Twig."], null),
        SignInRefusal.GoogleAdminPolicy => ("Your district's Google Workspace has not allowed Twig yet",
            "Google refused the sign-in because your district's Google Workspace administrator has not approved Twig Science as an app.",
            ["Ask your district's Google Workspace administrator to allow Twig in the Google Admin console:",
             "Admin console → Security → Access and data control → API controls → Manage third-party app access → Add app → search for " +
                 "Twig Science (OAuth client ID) → choose the organisational units → set access to \"Trusted\".",
             "After the change has taken effect (usually within an hour), sign in with Google again."], "google"),
        _ => ("Google sign-in didn't finish",
            "Twig could not complete the sign-in with Google. Nothing was changed.",
            ["Sign in with Google again. If it keeps happening, tell your teacher or school's technology contact."], "google"),
    };
}
