using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Twig.Web.Infrastructure.Web;

/// <summary>
/// Lets an upload as large as the page's limit (plus room to refuse a larger one with a clear message) reach the page, but only
/// from a visitor who may upload to this district: anyone else is refused before a byte of the body is read. Runs before
/// antiforgery, which is the first to read the form. Each upload page (users.csv, OneRoster package) states its own limit and
/// its own access rule in a small subclass.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public abstract class UploadLimitsAttribute : Attribute, IFilterFactory, IOrderedFilter
{
    public int Order => 900;

    public bool IsReusable => true;

    /// <summary>The largest file the page accepts (its configured limit).</summary>
    protected abstract long MaxFileBytes(IServiceProvider services);

    /// <summary>Whether this visitor may upload to the district of the request (the owner's own, or the route's for a support
    /// admin).</summary>
    protected abstract Task<bool> MayUploadAsync(ClaimsPrincipal user, RouteData route, IAuthorizationService authorization);

    public IFilterMetadata CreateInstance(IServiceProvider serviceProvider) => new Filter(this, MaxFileBytes(serviceProvider));

    private sealed class Filter(UploadLimitsAttribute limits, long maxFileBytes) : IAsyncAuthorizationFilter
    {
        public async Task OnAuthorizationAsync(AuthorizationFilterContext context)
        {
            var http = context.HttpContext;
            if (!HttpMethods.IsPost(http.Request.Method)) return;
            var authorization = http.RequestServices.GetRequiredService<IAuthorizationService>();
            if (!await limits.MayUploadAsync(http.User, context.RouteData, authorization))
            {
                context.Result = new ForbidResult();
                return;
            }
            // Twice the limit (at least 16 MB more): a file just over it still arrives whole and is refused with a message.
            var allowed = maxFileBytes + Math.Max(maxFileBytes, 16L * 1024 * 1024);
            if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = allowed;
            if (http.Features.Get<IFormFeature>()?.Form is null)
                http.Features.Set<IFormFeature>(new FormFeature(http.Request, new FormOptions { MultipartBodyLengthLimit = allowed }));
        }
    }
}
