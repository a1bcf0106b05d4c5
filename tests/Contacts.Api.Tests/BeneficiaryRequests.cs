using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Platform.Contacts.Api.Tests;

public static class BeneficiaryRequests
{
    public const string AlertMessage = "J'ai besoin d'aide, appelle la police.";

    public static HttpRequestMessage Enrol(string displayName = "Camille", string language = "fr", string alertMessage = AlertMessage) =>
        new(HttpMethod.Post, "/api/beneficiaries") { Content = JsonContent.Create(new { displayName, language, alertMessage }) };

    public static HttpRequestMessage AddContact(Guid beneficiaryId, string phone, string name = "Sœur", int tier = 1, string language = "fr") =>
        new(HttpMethod.Post, $"/api/beneficiaries/{beneficiaryId}/contacts")
        {
            Content = JsonContent.Create(new { name, phone, tier, language }),
        };

    public static HttpRequestMessage WriteAlertMessage(Guid beneficiaryId, string alertMessage) =>
        new(HttpMethod.Put, $"/api/beneficiaries/{beneficiaryId}/alert-message") { Content = JsonContent.Create(new { alertMessage }) };

    public static HttpRequestMessage Read(Guid beneficiaryId) => new(HttpMethod.Get, $"/api/beneficiaries/{beneficiaryId}");

    public static HttpRequestMessage RemoveContact(Guid beneficiaryId, Guid contactId) =>
        new(HttpMethod.Delete, $"/api/beneficiaries/{beneficiaryId}/contacts/{contactId}");

    public static HttpRequestMessage ChangeContactPhone(Guid beneficiaryId, Guid contactId, string phone) =>
        new(HttpMethod.Put, $"/api/beneficiaries/{beneficiaryId}/contacts/{contactId}/phone") { Content = JsonContent.Create(new { phone }) };

    public static HttpRequestMessage ChangeProfile(Guid beneficiaryId, string? phone, bool? neutralWording) =>
        new(HttpMethod.Put, $"/api/beneficiaries/{beneficiaryId}/profile") { Content = JsonContent.Create(new { phone, neutralWording }) };
}
