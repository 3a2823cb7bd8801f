using Mediator;

namespace Twig.Web.Domain.Events;

/// <summary>A district's approved Clever connection stopped working (token revoked, app disconnected in Clever).</summary>
/// <param name="Reason">What Twig found, in words for the district's owner (never a token).</param>
/// <param name="LastListedAt">
/// When Clever last listed the connection: every instance that finds the same loss reports the same moment, so the owner hears of it once.
/// </param>
public sealed record ConnectionLost(int DistrictId, string Reason, DateTime LastListedAt) : INotification;
