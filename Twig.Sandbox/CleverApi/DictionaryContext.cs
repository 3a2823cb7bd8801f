using System.Text.Json.Serialization;

namespace Twig.Sandbox.CleverApi;

[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class DictionaryContext : JsonSerializerContext;
