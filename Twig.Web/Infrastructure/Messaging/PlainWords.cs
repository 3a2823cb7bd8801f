using System.Globalization;
using System.Text.RegularExpressions;
using FluentValidation;
using FluentValidation.Resources;

namespace Twig.Web.Infrastructure.Messaging;

/// <summary>
/// FluentValidation's default messages read "'New Seats' must not be empty." or "… You entered -1."; people see
/// "Seats is required." instead. Rules with their own message keep it.
/// </summary>
public sealed partial class PlainWords : LanguageManager
{
    public static void Use()
    {
        ValidatorOptions.Global.LanguageManager = new PlainWords();
        ValidatorOptions.Global.DisplayNameResolver = (_, member, _) => member is null ? null : Words(member.Name);
    }

    public override string GetString(string key, CultureInfo? culture = null) => key switch
    {
        "NotEmptyValidator" or "NotNullValidator" => "{PropertyName} is required.",
        "InclusiveBetweenValidator" => "{PropertyName} must be from {From} to {To}.",
        "ExclusiveBetweenValidator" => "{PropertyName} must be between {From} and {To}.",
        "GreaterThanOrEqualValidator" => "{PropertyName} must be at least {ComparisonValue}.",
        "GreaterThanValidator" => "{PropertyName} must be more than {ComparisonValue}.",
        "LessThanOrEqualValidator" => "{PropertyName} must be at most {ComparisonValue}.",
        "LessThanValidator" => "{PropertyName} must be less than {ComparisonValue}.",
        "MaximumLengthValidator" => "{PropertyName} must be {MaxLength} characters or fewer.",
        "MinimumLengthValidator" => "{PropertyName} must be at least {MinLength} characters.",
        "EmailValidator" => "{PropertyName} must be an e-mail address.",
        _ => base.GetString(key, culture),
    };

    /// <summary>"NewSeats" → "Seats", "DeactivationThresholdPercent" → "Deactivation threshold percent".</summary>
    public static string Words(string member)
    {
        var name = member.StartsWith("New", StringComparison.Ordinal) && member.Length > 3 && char.IsUpper(member[3]) ? member[3..]
            : member;
        var words = Capitals().Replace(name, " $1").Trim().ToLowerInvariant();
        return char.ToUpperInvariant(words[0]) + words[1..];
    }

    [GeneratedRegex("(?<!^)([A-Z])")]
    private static partial Regex Capitals();
}
