using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Core.Infrastructure;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Twig.Web.Infrastructure.Web;

/// <summary>
/// On a sign-in or sign-out page: a form posted from a tab opened before another tab signed in or out (a shared classroom
/// computer) carries the antiforgery token of that older session and is refused as usual, nothing done. Instead of the bare
/// "could not be handled" page, the visitor is sent to the page again (a GET), which shows what now holds: a fresh form, the
/// signed-in home, or "you are signed out".
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class StaleSignInFormAttribute : Attribute, IAsyncAlwaysRunResultFilter
{
    public async Task OnResultExecutionAsync(ResultExecutingContext context, ResultExecutionDelegate next)
    {
        if (context.Result is IAntiforgeryValidationFailedResult)
        {
            var request = context.HttpContext.Request;
            // The page's own address (its route values included), without the POST handler a GET could not run.
            var query = new QueryBuilder(request.Query.Where(q => !q.Key.Equals("handler", StringComparison.OrdinalIgnoreCase)));
            context.Result = new RedirectResult(request.PathBase + request.Path + query.ToQueryString());
        }
        await next();
    }
}
