using Coravel.Invocable;
using Mediator;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Domain;

namespace Twig.Web.Features.UsersCsvImport;

/// <summary>Keeps uploaded files only while their preview can still be confirmed, and never readable at rest.</summary>
public static class ImportMaintenance
{
    public const string ExpiredMessage = "The preview expired before it was confirmed; nothing was changed. Upload the file again.";

    /// <summary>Expires previews older than their lifetime and deletes every file that can no longer be confirmed.</summary>
    public static async Task SweepAsync(TwigDb db, DateTime now, CancellationToken token)
    {
        await db.CsvImports.Where(i => i.Status == CsvImportStatus.Previewed && i.ExpiresAt < now)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, CsvImportStatus.Expired).SetProperty(i => i.Message, ExpiredMessage),
                token);
        await db.CsvImportFiles.Where(f => db.CsvImports.Any(i => i.Id == f.CsvImportId && i.Status != CsvImportStatus.Previewed))
            .ExecuteDeleteAsync(token);
    }

    /// <summary>The sweep on its own, every few minutes: an abandoned upload does not wait for the district's next one.</summary>
    public sealed record Command : ICommand;

    public sealed class CommandHandler(TwigDb db, TimeProvider clock) : ICommandHandler<Command>
    {
        public async ValueTask<Unit> Handle(Command message, CancellationToken token)
        {
            await SweepAsync(db, clock.GetUtcNow().UtcDateTime, token);
            return Unit.Value;
        }
    }

    public sealed class Invocable(IMediator mediator) : IInvocable
    {
        public async Task Invoke() => await mediator.Send(new Command());
    }
}

/// <summary>
/// A waiting users.csv holds passwords in plain text, so the stored copy is encrypted with Data Protection (the keys that
/// already guard cookies and Clever tokens, encrypted at rest in production). A copy of the database alone reads nothing.
/// </summary>
public sealed class PreviewFileProtector(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("Twig.UsersCsvImport.PreviewFile.v1");

    public byte[] Protect(byte[] content) => _protector.Protect(content);

    public byte[] Unprotect(byte[] stored) => _protector.Unprotect(stored);
}
