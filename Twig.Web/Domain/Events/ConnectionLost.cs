using Mediator;

namespace Twig.Web.Domain.Events;

/// <summary>A district's approved Clever connection stopped working (token revoked, app disconnected in Clever).</summary>
/// <param name="Reason">What Twig found, in words for the district's owner (never a token).</param>
public sealed record ConnectionLost(int DistrictId, string Reason) : INotification;
