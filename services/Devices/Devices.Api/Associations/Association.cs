namespace Platform.Devices.Api.Associations;

/// <summary>An association the region hands buttons to, as the fleet knows it; the code names it in import files.</summary>
public sealed record Association(Guid Id, string Code, string Name);
