using FluentValidation;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Twig.Web.Infrastructure.Web;

/// <summary>
/// A typed value that did not bind ("7.5" in a whole-number field) is said in the field's own rule, in Twig's words, instead of
/// MVC's "The value '7.5' is not valid for Seats.".
/// </summary>
public static class UnboundValue
{
    /// <summary>
    /// True when the field under <paramref name="key"/> did not bind; its message is then <paramref name="rule"/> alone (none when
    /// null: the field does not apply to what was asked).
    /// </summary>
    public static bool SayRule(ModelStateDictionary state, string key, string? rule)
    {
        if (state[key] is not { Errors.Count: > 0 } field) return false;
        field.Errors.Clear();
        if (rule is not null) field.Errors.Add(rule);
        return true;
    }

    /// <summary>
    /// A form with a value that did not bind is not sent, so its message's validator never runs: run it here on the message as
    /// bound, so every other mistake shows on the same submit. A field that did not bind keeps only its own message.
    /// </summary>
    public static async Task SayOtherMistakesAsync<T>(ModelStateDictionary state, string prefix, IValidator<T> validator, T message,
        CancellationToken token)
    {
        foreach (var failure in (await validator.ValidateAsync(message, token)).Errors)
        {
            var key = string.IsNullOrEmpty(failure.PropertyName) ? "" : $"{prefix}.{failure.PropertyName}";
            if (key.Length > 0 && state[key] is { Errors.Count: > 0 }) continue;
            state.AddModelError(key, failure.ErrorMessage);
        }
    }
}
