using Microsoft.AspNetCore.WebUtilities;

namespace Twig.Web.Infrastructure.Security;

/// <summary>
/// A rostered person's session ended because they are no longer active (archived by an upload, left Clever's roster): the
/// sign-in page they are sent to says so, instead of asking them to sign in as if nothing happened. The mark is a fixed
/// word in the sign-in address; anyone may type it, and it reveals nothing about anyone.
/// </summary>
public static class SessionEnded
{
    public const string QueryName = "ended";
    public const string Inactive = "inactive";

    /// <summary>What a person who is no longer active reads, on signing in and when their session ends.</summary>
    public const string InactiveMessage = "Your account is no longer active in this district. Please ask your teacher or school office.";

    private const string ItemKey = "twig.session-ended-inactive";

    /// <summary>This request's session was refused because its person is no longer active.</summary>
    public static void MarkInactive(HttpContext http) => http.Items[ItemKey] = true;

    /// <summary>The sign-in redirect, with the mark when this request's session ended because its person is no longer active.</summary>
    public static string Redirect(HttpContext http, string loginRedirect) =>
        http.Items.ContainsKey(ItemKey) ? QueryHelpers.AddQueryString(loginRedirect, QueryName, Inactive) : loginRedirect;

    /// <summary>The sign-in page's notice for the mark it was given, if any.</summary>
    public static string? Notice(string? ended) => ended == Inactive ? InactiveMessage : null;
}
