namespace Twig.Web.Features.DataStewardship;

/// <summary>
/// Writing a notice never stops a deletion: like the rest of the outbox, a fault (for example no <c>App:BaseUrl</c> on a
/// command line, so no absolute link can be written) is logged and the deletion goes on; the audit log and the
/// certificate page still hold everything the notice would have said.
/// </summary>
internal static class OwnerNotice
{
    public static async Task TryAsync(Func<Task> write, ILogger logger)
    {
        try
        {
            await write();
        }
        catch (InvalidOperationException ex)
        {
            logger.LogWarning("The owner's notice could not be written ({Reason}); set App:BaseUrl so notices can link back to Twig", ex.Message);
        }
    }
}
