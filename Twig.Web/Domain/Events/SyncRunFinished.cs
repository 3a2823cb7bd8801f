using Mediator;

namespace Twig.Web.Domain.Events;

/// <summary>
/// A sync run reached its outcome (succeeded, held, blocked, failed, interrupted, skipped). Published before the outcome
/// is saved, so whatever a listener adds to the same <c>TwigDb</c> commits or rolls back with it.
/// </summary>
/// <param name="Run">The run as it will be committed: status, trigger, message, counts and warnings.</param>
public sealed record SyncRunFinished(SyncRun Run) : INotification;
