namespace Twig.Web.Infrastructure;

/// <summary>A setting that makes it unsafe or impossible to start. Its message names the setting.</summary>
public sealed class StartupConfigurationException(string message) : Exception(message);
