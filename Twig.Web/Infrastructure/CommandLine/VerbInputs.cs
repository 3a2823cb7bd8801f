using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;

namespace Twig.Web.Infrastructure.CommandLine;

/// <summary>
/// What the verbs check before they start, said once: the district a slug names and the file a path names.
/// Either missing is a usage error (exit 2), as a typo in the command is.
/// </summary>
public static class VerbInputs
{
    public static async Task<int> DistrictIdAsync(TwigDb db, string slug, CancellationToken token) =>
        await db.Districts.Where(d => d.Slug == slug).Select(d => (int?)d.Id).SingleOrDefaultAsync(token)
        ?? throw new CommandLineUsageException($"There is no district with the slug '{slug}'.");

    public static string ExistingFile(string path) =>
        File.Exists(path) ? path : throw new CommandLineUsageException($"The file '{path}' does not exist.");
}
