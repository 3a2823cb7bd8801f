using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using System.Web;
using Twig.Sandbox;

namespace Twig.Bench;

/// <summary>
/// signin: "Sign in with Clever" round trips as a browser makes them, each with a fresh cookie jar: GET /login, POST the
/// Clever button (→ sandbox authorize), pick the person on the sandbox's chooser (→ /signin-clever?code&amp;state), then
/// Twig's callback (code exchange and /me against the sandbox over loopback) and its redirects to the signed-in page.
/// Students of an already-synced district, several browsers at once.
/// </summary>
internal static partial class SignInScenario
{
    private const int WarmUp = 100;

    public static async Task RunAsync(TwigHost host, SandboxDistrict clever, Results results, int signIns = 400, int browsers = 4)
    {
        var students = clever.Roster.Users("student")
            .Where(u => !string.IsNullOrWhiteSpace(u.Name.First) && !string.IsNullOrWhiteSpace(u.Name.Last)) // the sync skips nameless records on purpose
            .Take(signIns).Select(u => u.Id).ToArray();
        using var profile = new SignInProfile();
        // Warm-up, not measured: enough sign-ins (the same browsers at once) for the runtime to finish compiling the sign-in
        // path (tiered JIT promotes a method after 30 calls), so the figures are a running server's, not its first minute's.
        var warm = -1;
        profile.Start();
        await Task.WhenAll(Enumerable.Range(0, browsers).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref warm)) < WarmUp) await SignInAsync(host.Address, clever.Id, students[i], profile);
        }));
        var warmUp = profile.Stop(WarmUp);
        Console.WriteLine($"    warm-up: {WarmUp} sign-ins, {warmUp.CpuMsPerSignIn:F1} ms CPU and {warmUp.AllocatedKbPerSignIn:N0} KB each (JIT included)");

        var next = -1;
        var failures = 0;
        var measured = await Measure.TimeAsync(async () =>
        {
            profile.Start();
            await Task.WhenAll(Enumerable.Range(0, browsers).Select(async _ =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < students.Length)
                    if (!await SignInAsync(host.Address, clever.Id, students[i], profile)) Interlocked.Increment(ref failures);
            }));
            return students.Length;
        });
        var figures = profile.Stop(students.Length);
        var perSecond = measured.Result / measured.Seconds;
        var gc = System.Runtime.GCSettings.IsServerGC ? "server" : "workstation";
        var row = results.Add("signin", measured.Seconds, measured.PeakMb,
            $"{measured.Result:N0} sign-ins, {browsers} browsers at once: {perSecond:F0} round trips/s, {1000 * measured.Seconds / measured.Result * browsers:F0} ms each; {failures} failed; {gc} GC");
        figures.Print();

        // Floor (d): the HTTP a sign-in cannot avoid, with no work behind it. Five browser requests on a fresh connection
        // (login page, button, Clever's authorize, the callback, the home page) and three server-to-Clever requests (token,
        // /me, /users) on a pooled one, all to /health/live, from the same four browsers in the same process.
        var floorCpu = Process.GetCurrentProcess().TotalProcessorTime;
        var floor = await Measure.TimeAsync(async () =>
        {
            using var backchannel = new HttpClient { BaseAddress = host.Address };
            var left = students.Length;
            await Task.WhenAll(Enumerable.Range(0, browsers).Select(async _ =>
            {
                while (Interlocked.Decrement(ref left) >= 0)
                {
                    using var browser = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = host.Address };
                    for (var request = 0; request < 5; request++)
                    {
                        (await browser.GetAsync("/health/live")).Dispose();
                        if (request == 3)
                            for (var call = 0; call < 3; call++) (await backchannel.GetAsync("/health/live")).Dispose();
                    }
                }
            }));
            return students.Length;
        });
        var floorCpuMs = (Process.GetCurrentProcess().TotalProcessorTime - floorCpu).TotalMilliseconds / students.Length;
        results.Floor("signin (d) HTTP only", floor.Seconds, $"{students.Length:N0} × (5 browser requests on a fresh connection + 3 back-channel), {browsers} browsers; {students.Length / floor.Seconds:F0}/s, {floorCpuMs:F1} ms CPU each");
        row.FloorSeconds = floor.Seconds;
        row.FloorText = "d";
        row.Extra["round_trips_per_second"] = Math.Round(perSecond, 1);
        row.Extra["cpu_ms_per_signin"] = Math.Round(figures.CpuMsPerSignIn, 1);
        row.Extra["allocated_kb_per_signin"] = Math.Round(figures.AllocatedKbPerSignIn);
        row.Extra["sql_commands_per_signin"] = Math.Round(figures.CommandsPerSignIn, 1);
        row.Extra["floor_cpu_ms_per_signin"] = Math.Round(floorCpuMs, 1);
        row.Extra["gc"] = gc;
    }

    /// <summary>
    /// Twig runs with server GC (Twig.Web is a web project, and its runtimeconfig says so); the bench process defaults to
    /// workstation GC for the syncs' memory figures. Alone, <c>signin</c> reruns itself under Twig's own GC mode, so the
    /// sign-ins are measured as deployed (in <c>all</c> they run in the syncs' workstation process; README gives both).
    /// <c>DOTNET_gcServer=0</c> keeps workstation GC.
    /// </summary>
    public static async Task<int> RelaunchWithServerGcAsync(string[] args)
    {
        var self = Environment.ProcessPath!;
        var start = new ProcessStartInfo(self) { UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") start.ArgumentList.Add(typeof(SignInScenario).Assembly.Location);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["DOTNET_gcServer"] = "1";
        Console.WriteLine("signin: rerunning under server GC, Twig's own GC mode (DOTNET_gcServer=0 to keep workstation GC)");
        using var child = Process.Start(start)!;
        await child.WaitForExitAsync();
        return child.ExitCode;
    }

    private static async Task<bool> SignInAsync(Uri twig, string districtId, string userId, SignInProfile profile)
    {
        using var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = twig };
        var login = await profile.StepAsync("GET /login", () => client.GetStringAsync("/login"));
        var token = WebUtility.HtmlDecode(TokenPattern().Match(login).Groups[1].Value);
        using var press = await profile.StepAsync("POST /login/external", () => client.PostAsync("/login/external", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["provider"] = "clever", ["__RequestVerificationToken"] = token,
        })));
        if (press.StatusCode != HttpStatusCode.Redirect) return false;
        var authorize = Absolute(twig, press.Headers.Location!);
        var query = HttpUtility.ParseQueryString(authorize.Query);
        query["district_id"] = districtId;
        query["user_id"] = userId;
        var choose = new UriBuilder(authorize) { Path = authorize.AbsolutePath.Replace("/oauth/authorize", "/oauth/choose", StringComparison.Ordinal), Query = query.ToString() };
        using var chosen = await profile.StepAsync("GET sandbox choose", () => client.GetAsync(choose.Uri));
        if (chosen.StatusCode != HttpStatusCode.Redirect) return false;
        var response = await profile.StepAsync("GET /signin-clever", () => client.GetAsync(Absolute(twig, chosen.Headers.Location!)));
        for (var hop = 0; hop < 5 && response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther; hop++)
        {
            var location = Absolute(twig, response.Headers.Location!);
            response.Dispose();
            response = await profile.StepAsync("GET " + location.AbsolutePath, () => client.GetAsync(location));
        }
        using (response)
        {
            var signedIn = response.StatusCode == HttpStatusCode.OK && !response.RequestMessage!.RequestUri!.AbsolutePath.StartsWith("/login", StringComparison.Ordinal);
            return signedIn;
        }
    }

    private static Uri Absolute(Uri twig, Uri location) => location.IsAbsoluteUri ? location : new Uri(twig, location);

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
