using FluentValidation;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Twig.Web.Infrastructure.Web;

/// <summary>
/// A message that fails validation re-renders the page with the messages next to their fields,
/// keeping everything the person typed. The bound form model is conventionally called <c>Data</c>.
/// </summary>
public sealed class ValidationFailurePageFilter : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var executed = await next();
        if (executed.Exception is not ValidationException invalid || executed.HandlerInstance is not PageModel page) return;

        var prefix = page.GetType().GetProperty("Data") is null ? "" : "Data.";
        foreach (var failure in invalid.Errors)
        {
            var key = string.IsNullOrEmpty(failure.PropertyName) ? "" : prefix + failure.PropertyName;
            page.ModelState.AddModelError(key, failure.ErrorMessage);
        }
        executed.ExceptionHandled = true;
        executed.Result = page.Page();
    }
}
