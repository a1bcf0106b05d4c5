using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Platform.Evidence.Integrity;

/// <summary>
/// What makes a record hash and sign the same way every time: fixed property order, no whitespace,
/// UTF-8 as written, UTC timestamps cut to the millisecond with a 'Z'.
/// </summary>
public static class CanonicalJson
{
    private const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    public static string Timestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture);

    public static DateTimeOffset ParseTimestamp(string text) =>
        DateTimeOffset.ParseExact(text, TimestampFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    public static byte[] Write(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions
        {
            Indented = false,
            // Only what JSON itself requires is escaped (accents and apostrophes stay as written), so anyone can
            // rebuild the hashed text by hand. The files are never embedded in HTML, where this would matter.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }))
        {
            write(writer);
        }
        return buffer.ToArray();
    }

    /// <summary>Reads one JSON object; malformed JSON and missing fields both surface as FormatException.</summary>
    public static T Read<T>(ReadOnlySpan<byte> json, Func<JsonElement, T> read)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            using var document = JsonDocument.ParseValue(ref reader);
            return read(document.RootElement);
        }
        catch (JsonException e)
        {
            throw new FormatException($"not valid JSON ({e.Message})", e);
        }
    }

    public static JsonElement Required(JsonElement parent, string name, JsonValueKind kind)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind != kind)
        {
            throw new FormatException($"'{name}' is missing or is not a {kind.ToString().ToLowerInvariant()}");
        }
        return value;
    }

    public static string RequiredString(JsonElement parent, string name) =>
        Required(parent, name, JsonValueKind.String).GetString()!;

    public static string? OptionalString(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public static long RequiredInt64(JsonElement parent, string name) =>
        Required(parent, name, JsonValueKind.Number).GetInt64();

    public static DateTimeOffset RequiredTimestamp(JsonElement parent, string name) =>
        ParseTimestamp(RequiredString(parent, name));

    public static Guid RequiredGuid(JsonElement parent, string name) =>
        Guid.ParseExact(RequiredString(parent, name), "D");

    public static string RequiredSha256Hex(JsonElement parent, string name)
    {
        var hex = RequiredString(parent, name);
        if (hex.Length != 64 || !hex.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f')))
        {
            throw new FormatException($"'{name}' is not a lowercase hex SHA-256");
        }
        return hex;
    }
}
