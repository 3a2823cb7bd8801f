namespace Twig.Web.Infrastructure.CommandLine;

/// <summary>
/// Positional values and <c>--name value</c> options of one verb. Asking for something missing or
/// malformed throws <see cref="CommandLineUsageException"/>, which prints the usage and exits with 2.
/// </summary>
public sealed class VerbArguments
{
    private readonly Dictionary<string, string?> _options = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _positional = [];
    private readonly HashSet<string> _read = new(StringComparer.OrdinalIgnoreCase);

    public VerbArguments(IEnumerable<string> args)
    {
        string? pendingOption = null;
        foreach (var arg in args)
        {
            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                if (pendingOption is not null) _options[pendingOption] = null;
                pendingOption = arg[2..];
                if (pendingOption.Length == 0) throw new CommandLineUsageException("An option name is missing after '--'.");
            }
            else if (pendingOption is not null)
            {
                _options[pendingOption] = arg;
                pendingOption = null;
            }
            else _positional.Add(arg);
        }
        if (pendingOption is not null) _options[pendingOption] = null;
    }

    public string Positional(int index, string name) =>
        index < _positional.Count ? _positional[index] : throw new CommandLineUsageException($"<{name}> is missing.");

    public string Required(string option)
    {
        _read.Add(option);
        return _options.TryGetValue(option, out var value) && !string.IsNullOrWhiteSpace(value)
            ? value
            : throw new CommandLineUsageException($"--{option} needs a value.");
    }

    public string? Optional(string option)
    {
        _read.Add(option);
        if (!_options.TryGetValue(option, out var value)) return null;
        return value ?? throw new CommandLineUsageException($"--{option} needs a value.");
    }

    public int RequiredInt(string option) =>
        int.TryParse(Required(option), out var number) && number >= 0
            ? number
            : throw new CommandLineUsageException($"--{option} must be a whole number of 0 or more.");

    public bool Flag(string option)
    {
        _read.Add(option);
        if (!_options.TryGetValue(option, out var value)) return false;
        return value is null ? true : throw new CommandLineUsageException($"--{option} takes no value.");
    }

    /// <summary>Call after reading everything: an option nobody asked for is a typo worth reporting.</summary>
    public void RejectUnknown(int maxPositional)
    {
        var unknown = _options.Keys.Where(k => !_read.Contains(k)).ToList();
        if (unknown.Count > 0) throw new CommandLineUsageException($"Unknown option(s): {string.Join(", ", unknown.Select(u => "--" + u))}.");
        if (_positional.Count > maxPositional) throw new CommandLineUsageException($"Unexpected argument '{_positional[maxPositional]}'.");
    }
}

public sealed class CommandLineUsageException(string message) : Exception(message);
