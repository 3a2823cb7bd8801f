namespace Twig.Web.Infrastructure.CommandLine;

/// <summary>
/// Thrown by a verb for a usage problem only its work can see (an unknown district slug, a missing file): the runner
/// prints the message with a pointer to the verb's help and exits with <see cref="CommandLineRunner.UsageExitCode"/>.
/// </summary>
public sealed class CommandLineUsageException(string message) : Exception(message);
