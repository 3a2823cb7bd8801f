using Mediator;

namespace Twig.Web.Domain.Events;

/// <summary>A Clever district connected Twig for the first time; a support admin links and approves it.</summary>
public sealed record ConnectionAwaitingApproval(string CleverDistrictId, string CleverDistrictName) : INotification;
