using Mediator;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Infrastructure;

namespace Twig.Web.Features.UsersCsvImport;

public sealed partial class Review
{
    /// <summary>Cancels a pending upload: nothing about the district changes and its kept files are deleted.</summary>
    public sealed record CancelCommand(int DistrictId, int ImportId) : ICommand<bool>;

    public sealed class CancelCommandHandler(TwigDb db, AuditTrail audit) : ICommandHandler<CancelCommand, bool>
    {
        public async ValueTask<bool> Handle(CancelCommand message, CancellationToken token)
        {
            var import = await db.CsvImports
                .SingleOrDefaultAsync(i => i.Id == message.ImportId && i.DistrictId == message.DistrictId, token);
            if (import is null) return false;
            if (import.Status != CsvImportStatus.Previewed) return true;
            import.Status = CsvImportStatus.Cancelled;
            import.Message = ImportWords.CancelledMessage;
            await db.CsvImportFiles.Where(f => f.CsvImportId == import.Id).ExecuteDeleteAsync(token);
            audit.Record("csv.cancelled", message.DistrictId, $"Import {import.Id}");
            return true;
        }
    }
}
