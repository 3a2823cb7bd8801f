using Twig.Web.Domain;

namespace Twig.Web.Data.Imports;

/// <summary>
/// A problem with a file, a row or a cell of a roster import. Never carries a password. <paramref name="File"/> names the
/// file (users.csv when null).
/// </summary>
public sealed record ImportIssue(IssueSeverity Severity, int? Row, string? Column, string Message, string? File = null);
