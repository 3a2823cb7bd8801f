using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Twig.Sandbox.Pages;

/// <summary>
/// /sandbox/control: per district, the app connection, the token, fault switches and overnight changes,
/// as plain forms (POST, then 303 back to the page with the outcome).
/// </summary>
internal static class ControlEndpoints
{
    public const string Path = "/sandbox/control";

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Path, Show);
        endpoints.MapPost(Path + "/{districtId}/{action}", Act);
    }

    private static IResult Show(HttpContext http, CleverSandbox sandbox)
    {
        var body = new StringBuilder();
        if (http.Request.Query["done"].FirstOrDefault() is { } done)
            body.Append("<p role=\"status\"><strong>").Append(Html.E(done)).Append("</strong></p>\n");
        foreach (var district in sandbox.Districts)
        {
            var d = district.Options;
            body.Append("<section>\n<h2>").Append(Html.E(district.Name)).Append("</h2>\n<dl>\n")
                .Append("<dt>Id</dt><dd>").Append(Html.E(district.Id)).Append("</dd>\n")
                .Append("<dt>Seed / students</dt><dd>").Append(d.Seed.ToString(CultureInfo.InvariantCulture)).Append(" / ")
                .Append(d.Students.ToString(CultureInfo.InvariantCulture)).Append("</dd>\n")
                .Append("<dt>Connected</dt><dd>").Append(district.Connected ? "yes" : "no").Append("</dd>\n")
                .Append("<dt>Token</dt><dd>").Append(Html.E(district.Token)).Append(district.TokenRevoked ? " (revoked)" : "")
                .Append("</dd>\n")
                .Append("<dt>Faults</dt><dd>").Append(Html.E(district.Faults.Describe())).Append("</dd>\n</dl>\n");
            var action = (string name) => $"{Path}/{Uri.EscapeDataString(district.Id)}/{name}";
            body.Append(Form(action(district.Connected ? "disconnect" : "connect"),
                district.Connected ? "Disconnect the app" : "Connect the app", ""))
                .Append(Form(action("rotate"), "Rotate token", ""))
                .Append(Form(action("revoke"), "Revoke token (401)", ""))
                .Append("<h3>Faults</h3>\n")
                .Append(Form(action("fail"), "Fail a page", Number("status", "Status", 503) + Number("page", "On page", 1) +
                    Text("collection", "Collection (blank: any)") + Number("times", "Times", 1)))
                .Append(Form(action("burst"), "429 burst", Number("requests", "Requests", 3)))
                .Append(Form(action("slow"), "Slow responses", Number("milliseconds", "Delay (ms)", 2000)))
                .Append(Form(action("truncate"), "Truncate a page body",
                    Number("page", "Page", 2) + Text("collection", "Collection (blank: any)")))
                .Append(Form(action("loop"), "Looping next link", Text("collection", "Collection (blank: any)")))
                .Append(Form(action("empty-roster-fault"), "Empty roster for this token", ""))
                .Append(Form(action("events-disabled"), "Events not enabled for the app (404)", ""))
                .Append(Form(action("drop-events"), "Gap: drop the next events", Number("events", "Events", 1)))
                .Append(Form(action("clear"), "Clear all faults", ""))
                .Append("<h3>Overnight changes</h3>\n")
                .Append(Form(action("add-students"), "Add students", Number("percent", "Percent", 5)))
                .Append(Form(action("add-teachers"), "Add teachers", Number("percent", "Percent", 5)))
                .Append(Form(action("update-names"), "Change names", TypeField() + Number("percent", "Percent", 5)))
                .Append(Form(action("update-emails"), "Change e-mails", TypeField() + Number("percent", "Percent", 5)))
                .Append(Form(action("remove"), "Remove records", TypeField() + Number("percent", "Percent", 5)))
                .Append(Form(action("remove-school"), "Remove a school", Text("school", "School id")))
                .Append(Form(action("change-roles"), "Switch teachers' staff role", Number("percent", "Percent", 5)))
                .Append(Form(action("move-students"), "Move students between sections", Number("count", "How many", 10)))
                .Append(Form(action("swap-primary"), "Name another primary teacher of co-taught sections", Number("count", "How many", 5)))
                .Append(Form(action("restore"), "Bring back everything removed", ""))
                .Append(Form(action("empty-roster"), "Empty the roster (SIS sent nothing)", ""))
                .Append("</section>\n");
        }
        return Html.Page("Sandbox control", body.ToString());
    }

    private static async Task<IResult> Act(HttpContext http, CleverSandbox sandbox, string districtId, string action)
    {
        var district = sandbox.FindDistrict(districtId);
        if (district is null)
            return Html.Page("Sandbox control — unknown district", "<p>No such district.</p>", StatusCodes.Status404NotFound);
        var form = http.Request.HasFormContentType ? await http.Request.ReadFormAsync() : null;
        string Field(string name) => form?[name].ToString() ?? "";
        int Int(string name, int fallback) => int.TryParse(Field(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v
            : fallback;
        double Percent() => double.TryParse(Field("percent"), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : 0;
        string? Collection() => string.IsNullOrWhiteSpace(Field("collection")) ? null : Field("collection").Trim();
        var faults = district.Faults;

        string outcome;
        try
        {
            outcome = action switch
            {
                "connect" => Do(() => sandbox.Connect(district.Id), "Connected."),
                "disconnect" => Do(() => sandbox.Disconnect(district.Id), "Disconnected."),
                "rotate" => "New token " + sandbox.RotateToken(district.Id),
                "revoke" => Do(() => sandbox.RevokeToken(district.Id), "Token revoked."),
                "fail" => Do(() => faults.Fail(Int("status", 503), Int("page", 1), Collection(), Int("times", 1)), "Failure planned."),
                "burst" => Do(() => faults.RateLimitBurst(Int("requests", 3)), "429 burst planned."),
                "slow" => Do(() => faults.Slow(TimeSpan.FromMilliseconds(Int("milliseconds", 2000))), "Responses slowed."),
                "truncate" => Do(() => faults.TruncateBody(Int("page", 2), Collection()), "Truncation planned."),
                "loop" => Do(() => faults.LoopNextLink(Collection()), "Next links now loop."),
                "empty-roster-fault" => Do(() => faults.EmptyRoster(), "Roster now empty for this token."),
                "events-disabled" => Do(() => faults.DisableEvents(), "Events now answer 404 (not enabled)."),
                "drop-events" => Do(() => faults.DropEvents(Int("events", 1)), "The next events will be dropped."),
                "clear" => Do(faults.Clear, "Faults cleared."),
                "add-students" => $"{district.Changes.AddStudents(Percent())} students added.",
                "add-teachers" => $"{district.Changes.AddTeachers(Percent())} teachers added.",
                "update-names" => $"{district.Changes.UpdateNames(Field("type"), Percent())} names changed.",
                "update-emails" => $"{district.Changes.UpdateEmails(Field("type"), Percent())} e-mails changed.",
                "remove" => $"{district.Changes.RemovePercent(Field("type"), Percent())} records removed.",
                "remove-school" => district.Changes.RemoveSchool(Field("school").Trim()).ToString(),
                "change-roles" => $"{district.Changes.ChangeRoles("teacher", Percent())} teachers' roles changed.",
                "move-students" => $"{district.Changes.MoveStudents(Int("count", 10))} students moved.",
                "swap-primary" => $"{district.Changes.SwapPrimaryTeachers(Int("count", 5))} sections have another primary teacher.",
                "restore" => $"{district.Changes.RestoreRemoved()} records restored.",
                "empty-roster" => Do(district.Changes.EmptyRoster, "Roster emptied."),
                _ => throw new ArgumentException($"Unknown action '{action}'."),
            };
        }
        catch (ArgumentException e)
        {
            outcome = "Not done: " + e.Message;
        }
        return Results.Redirect(Html.Url(Path, ("done", $"{district.Name}: {outcome}")));
    }

    private static string Do(Action action, string outcome)
    {
        action();
        return outcome;
    }

    private static string Form(string action, string button, string fields) =>
        $"<form method=\"post\" action=\"{Html.E(action)}\">{fields} <button type=\"submit\">{Html.E(button)}</button></form>\n";

    private static string Number(string name, string label, int value) =>
        $"<label>{Html.E(label)} <input type=\"number\" name=\"{name}\" value=\"{value.ToString(CultureInfo.InvariantCulture)}\"></label> ";

    private static string Text(string name, string label) =>
        $"<label>{Html.E(label)} <input type=\"text\" name=\"{name}\"></label> ";

    private static string TypeField() =>
        "<label>Type <select " +
            "name=\"type\"><option>student</option><option>teacher</option><option>staff</option><option>district_admin</option><option>" +
                "contact</option><option>section</option></select></label> ";
}
