using System.Globalization;

namespace TwilioSandbox.Tests;

/// <summary>Fresh E.164 numbers per test, so tests sharing one sandbox can filter on their own traffic.</summary>
public static class TestNumbers
{
    public const string Sender = "+15005550006";

    public static string Unique() => "+447700" + Random.Shared.Next(100_000, 1_000_000).ToString(CultureInfo.InvariantCulture);
}
