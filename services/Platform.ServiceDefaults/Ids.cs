using UUIDNext;

namespace Platform.ServiceDefaults;

/// <summary>Identifiers derived from what they name, so a retry computes the same id and collides instead of duplicating.</summary>
public static class DeterministicIds
{
    private static readonly Guid PlatformNamespace = new("5b0c6f0e-8a51-4a8e-9a53-6f1d2c7b9e41");

    public static Guid From(params ReadOnlySpan<object> parts) =>
        Uuid.NewNameBased(PlatformNamespace, string.Join('/', parts.ToArray()));
}
