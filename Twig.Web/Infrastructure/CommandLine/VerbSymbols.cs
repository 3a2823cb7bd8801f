using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Twig.Web.Infrastructure.CommandLine;

/// <summary>The arguments and options several verbs share, so their names, help and validation read the same everywhere.</summary>
public static class VerbSymbols
{
    public static Argument<string> DistrictSlug(string name = "district-slug") =>
        new(name) { Description = "The district's slug, as in its addresses (e.g. springfield)." };

    public static Argument<string> File(string name, string description) => new(name) { Description = description };

    public static Option<bool> DryRun() =>
        new("--dry-run") { Description = "Check and print the preview, then cancel the import: nothing is written." };

    /// <summary>A count the operator types (seats, a confirmation): a whole number of 0 or more, else a usage error naming it.</summary>
    public static Option<int> WholeNumber(string name, string description, bool required) =>
        new(name) { Description = description, Required = required, CustomParser = result => ParseWholeNumber(name, result) ?? 0 };

    /// <summary>An optional count: absent is <c>null</c>, present must be a whole number of 0 or more.</summary>
    public static Option<int?> OptionalWholeNumber(string name, string description) =>
        new(name) { Description = description, CustomParser = result => ParseWholeNumber(name, result) };

    /// <summary>
    /// Limits an option to a few words, listed in its help; anything else is a usage error that names the option
    /// (the parser's own "not recognized" message does not).
    /// </summary>
    public static TOption AcceptOnly<TOption>(this TOption option, StringComparer comparer, params string[] values) where TOption : Option
    {
        option.HelpName = string.Join('|', values);
        var allowed = values.Length == 1 ? values[0] : $"{string.Join(", ", values[..^1])} or {values[^1]}";
        option.Validators.Add(result =>
        {
            foreach (var token in result.Tokens.Where(t => !values.Contains(t.Value, comparer)))
                result.AddError($"{option.Name} must be {allowed}, not '{token.Value}'.");
        });
        return option;
    }

    // Digits only (no sign, no thousands separator), as an operator types a count; the parser reports the error and exits 2.
    private static int? ParseWholeNumber(string name, ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number)) return number;
        result.AddError($"{name} must be a whole number of 0 or more, not '{text}'.");
        return null;
    }
}
