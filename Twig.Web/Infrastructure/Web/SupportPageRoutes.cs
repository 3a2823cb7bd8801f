using Microsoft.AspNetCore.Mvc.ApplicationModels;

namespace Twig.Web.Infrastructure.Web;

/// <summary>
/// A district owner's page that support also reaches for any district under <c>/support/districts/{districtId}/…</c>.
/// Unlike <c>AddPageRoute</c>, which keeps only the added address for links, both addresses stay linkable: <c>asp-page</c>,
/// <c>RedirectToPage</c> and <c>Url.Page</c> give support's address when a <c>districtId</c> is among the values and the
/// owner's own otherwise. The support address is tried first (order -1) so a given district always wins; the two
/// templates never match the same path, so the order changes nothing for incoming requests.
/// </summary>
public static class SupportPageRoutes
{
    public static PageConventionCollection AddSupportPageRoute(this PageConventionCollection conventions, string pageName, string route)
    {
        conventions.AddPageRouteModelConvention(pageName, model => model.Selectors.Add(new SelectorModel
        {
            AttributeRouteModel = new AttributeRouteModel { Template = route, Order = -1 },
        }));
        return conventions;
    }
}
