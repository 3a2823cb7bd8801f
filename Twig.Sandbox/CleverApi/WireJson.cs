using System.Text.Encodings.Web;
using System.Text.Json;

namespace Twig.Sandbox.CleverApi;

/// <summary>
/// JSON as Clever's servers write it: UTF-8 names and "&amp;" in link URIs stay as they are rather than
/// being \u-escaped (the default encoder escapes both, which no real API response does).
/// </summary>
internal static class WireJson
{
    public static readonly JsonWriterOptions Writer =
        new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    public static readonly JsonSerializerOptions Serializer = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
