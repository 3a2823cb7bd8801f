using System.CommandLine;

namespace Twig.Web.Infrastructure.CommandLine;

/// <summary>
/// What every import verb (<c>import-users</c>, <c>import-classes</c>, <c>import-oneroster</c>) takes, said once:
/// <c>&lt;district-slug&gt; &lt;file&gt; [--dry-run] [--CONFIRM N]</c>, where the confirmation option names what the operator
/// agrees to lose past the deactivation threshold (<c>--archive</c>, <c>--deactivate</c>). Before the verb's work runs, the
/// slug must name a district and the file must exist (else exit 2). The verb adds its own options and prints its own preview;
/// it exits 0 only when applied (or, with --dry-run, previewed without errors) and 1 when refused.
/// </summary>
public sealed class ImportVerbSymbols
{
    private readonly Argument<string> _slug = VerbSymbols.DistrictSlug();
    private readonly Argument<string> _file;
    private readonly Option<bool> _dryRun = VerbSymbols.DryRun();
    private readonly Option<int?> _confirm;

    public ImportVerbSymbols(string file, string fileDescription, string confirm, string confirmDescription)
    {
        _file = VerbSymbols.File(file, fileDescription);
        _confirm = VerbSymbols.OptionalWholeNumber(confirm, confirmDescription);
    }

    /// <summary>The verb's command: the shared arguments and options first, then the verb's own.</summary>
    public Command Command(string name, string description, params Option[] more)
    {
        var verb = new Command(name, description) { _slug, _file, _dryRun, _confirm };
        foreach (var option in more) verb.Add(option);
        return verb;
    }

    /// <summary>Runs <paramref name="action"/> with the checked inputs, in the scope <see cref="VerbContext"/> gives it.</summary>
    public void SetAction(VerbContext context, Command verb, ImportVerbAction action) =>
        context.SetAction(verb, async (arguments, services, output, cancellationToken) =>
        {
            var slug = District.NormalizeSlug(arguments.GetRequiredValue(_slug));
            var districtId = await VerbInputs.DistrictIdAsync(services.GetRequiredService<TwigDb>(), slug, cancellationToken);
            var input = new ImportVerbInput
            {
                DistrictId = districtId,
                Slug = slug,
                Path = VerbInputs.ExistingFile(arguments.GetRequiredValue(_file)),
                DryRun = arguments.GetValue(_dryRun),
                Confirm = arguments.GetValue(_confirm),
            };
            return await action(input, arguments, services, output, cancellationToken);
        });
}

/// <summary>An import verb's work: the checked inputs, the parse (for the verb's own options), its scope and output.</summary>
public delegate Task<int> ImportVerbAction(
    ImportVerbInput input, ParseResult arguments, IServiceProvider services, TextWriter output, CancellationToken cancellationToken);

/// <summary>The inputs every import verb shares, checked: the district exists and so does the file.</summary>
public sealed record ImportVerbInput
{
    public required int DistrictId { get; init; }
    public required string Slug { get; init; }
    public required string Path { get; init; }
    public bool DryRun { get; init; }
    /// <summary>The count the operator confirms past the threshold (--archive, --deactivate); null when not given.</summary>
    public int? Confirm { get; init; }

    /// <summary>The file's name without its folder, as the import records and prints it.</summary>
    public string FileName => System.IO.Path.GetFileName(Path);

    public Task<byte[]> ReadAllBytesAsync(CancellationToken cancellationToken) => File.ReadAllBytesAsync(Path, cancellationToken);
}
