using Twig.Web.Data.Imports;
using Twig.Web.Infrastructure.Web.Paging;

namespace Twig.Web.Features.UsersCsvImport;

public sealed partial class Review
{
    /// <summary>Someone the upload updates or reactivates, named as they are now, with each field it changes.</summary>
    public sealed record UpdateLine(string UserId, string Name, IReadOnlyList<FieldChange> Changes);

    /// <summary>Someone the upload creates, as the file gives them.</summary>
    public sealed record NewLine(string UserId, string Name, string Role, string? Username, string? Email, string Schools);

    /// <summary>
    /// The preview's lists of people updated and created, one page each. Only the rows of the page shown are worked out: the plan
    /// already holds every person with their row, and a file of 100,000 people must not be compared field by field for a page of 100.
    /// </summary>
    internal static class ChangeLists
    {
        public static Paged<UpdateLine> Updates(ImportPlan plan, DistrictState district, int requested) =>
            PageOf(plan.Updates, requested, u => new UpdateLine(u.Existing.ExternalId, $"{u.Existing.FirstName} {u.Existing.LastName}",
                PersonChanges.Of(u, id => district.SchoolNames.TryGetValue(id, out var name) ? name : $"school {id}")));

        public static Paged<NewLine> Creates(ImportPlan plan, int requested) =>
            PageOf(plan.Creates, requested, r => new NewLine(r.UserId, $"{r.FirstName} {r.LastName}", RosterFields.RoleName(r.Role),
                r.Username, r.Email, string.Join("; ", r.SchoolNames)));

        public static Paged<T> Empty<T>() => new([], 1, PageSize, 0);

        private static Paged<TLine> PageOf<TItem, TLine>(List<TItem> all, int requested, Func<TItem, TLine> line)
        {
            var page = Paged.Clamp(requested, all.Count, PageSize);
            var start = (page - 1) * PageSize;
            var items = all.GetRange(start, Math.Min(PageSize, all.Count - start)).Select(line).ToList();
            return new Paged<TLine>(items, page, PageSize, all.Count);
        }
    }
}
