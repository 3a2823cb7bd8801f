using System.Globalization;
using System.Text;
using Twig.Sandbox.Model;

namespace Twig.Sandbox.Pages;

/// <summary>
/// The list of people shown on the sign-in and portal pages: a sample of every role, or the matches
/// of a name search. Each person becomes a plain link built by the caller, carrying the Clever user id.
/// </summary>
internal static class PeoplePicker
{
    private const int MaxMatches = 50;

    /// <summary>Searching stops after this many users, so a huge district still answers quickly.</summary>
    private const int MaxScanned = 200_000;

    public static IEnumerable<CleverUser> Choose(SandboxDistrict district, string? query)
    {
        var roster = district.Roster;
        if (string.IsNullOrWhiteSpace(query))
        {
            return roster.Users("district_admin").Take(3)
                .Concat(roster.Users("staff").Take(6))
                .Concat(roster.Users("teacher").Take(12))
                .Concat(roster.Users("student").Take(15))
                .Concat(roster.Users("contact").Take(5))
                .DistinctBy(u => u.Id);
        }
        var wanted = query.Trim();
        if (roster.FindUser(wanted) is { } byId) return [byId];
        var compare = CultureInfo.InvariantCulture.CompareInfo;
        return roster.Users().Take(MaxScanned)
            .Where(u => compare.IndexOf(DisplayName(u), wanted, CompareOptions.IgnoreCase | CompareOptions.IgnoreNonSpace) >= 0
                || (u.Email is not null && u.Email.Contains(wanted, StringComparison.OrdinalIgnoreCase)))
            .Take(MaxMatches);
    }

    public static string DisplayName(CleverUser user)
    {
        var parts = new[] { user.Name.First, user.Name.Middle, user.Name.Last }.Where(p => !string.IsNullOrEmpty(p));
        var name = string.Join(" ", parts);
        return name.Length == 0 ? "(no name)" : name;
    }

    public static string RoleLabel(CleverUser user)
    {
        var roles = new List<string>();
        if (user.Roles.DistrictAdmin is not null) roles.Add("district admin");
        if (user.Roles.Staff is not null) roles.Add("school admin (staff)");
        if (user.Roles.Teacher is not null) roles.Add("teacher");
        if (user.Roles.Student is not null) roles.Add("student" + (user.Roles.Student.Grade is { } g ? $", grade {g}" : ""));
        if (user.Roles.Contact is not null) roles.Add("parent/guardian (contact)");
        return string.Join(" + ", roles);
    }

    /// <summary>A list of people, each with an action link made by <paramref name="linkFor"/>.</summary>
    public static string Render(IEnumerable<CleverUser> people, string linkText, Func<CleverUser, string> linkFor)
    {
        var html = new StringBuilder("<ul>\n");
        var any = false;
        foreach (var user in people)
        {
            any = true;
            html.Append("<li data-user-id=\"").Append(Html.E(user.Id)).Append("\">")
                .Append(Html.E(DisplayName(user))).Append(" — ").Append(Html.E(RoleLabel(user)))
                .Append(user.Email is null ? "" : " — " + Html.E(user.Email))
                .Append(" — ").Append(Html.Link(linkFor(user), linkText))
                .Append("</li>\n");
        }
        html.Append("</ul>\n");
        return any ? html.ToString() : "<p>Nobody matches.</p>\n";
    }

    public static string SearchForm(string action, string? query, params (string Name, string? Value)[] carried)
    {
        var hidden = string.Concat(carried.Select(c => Html.Hidden(c.Name, c.Value)));
        return $"<form method=\"get\" action=\"{Html.E(action)}\">{hidden}<label>Search by name or e-mail <input type=\"search\" " +
            $"name=\"q\" value=\"{Html.E(query)}\"></label> <button type=\"submit\">Search</button></form>\n";
    }
}
