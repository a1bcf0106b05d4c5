namespace Platform.Evidence.Storage.Keys;

/// <summary>
/// A key encrypted (AES-256-GCM) under the key above it. Small enough for a database row;
/// System.Text.Json writes the byte arrays as base64.
/// </summary>
/// <param name="KeyId">The record this key belongs to (beneficiary id or recording id); part of the associated data.</param>
/// <param name="Version">Lets a later rotation tell old wraps from new ones; part of the associated data.</param>
public sealed record WrappedKey(string KeyId, int Version, byte[] Nonce, byte[] Ciphertext, byte[] Tag);
