namespace Twig.Web.Features.CleverSync.Clever;

/// <summary>Clever could not give Twig the whole of something; the message is for people and holds no token.</summary>
public class CleverFetchException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Clever answered 401: the district's token is revoked or the app was disconnected.</summary>
public sealed class CleverUnauthorizedException(string message) : CleverFetchException(message)
{
    /// <summary>
    /// What a 401 says by itself: not why. Only Clever's token listing tells a passing refusal, a rotated token and a lost connection
    /// apart (CheckConnection), and the run's message says what it found.
    /// </summary>
    public const string Refused = "Clever refused the district's token (401).";

    public CleverUnauthorizedException() : this(Refused) { }
}
