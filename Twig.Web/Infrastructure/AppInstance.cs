namespace Twig.Web.Infrastructure;

/// <summary>This process among Twig's instances: the name a worker writes when it claims a queued run or notice.</summary>
public static class AppInstance
{
    public static readonly string Name = $"{Environment.MachineName}/{Environment.ProcessId}";
}
