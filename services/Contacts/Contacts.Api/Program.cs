using Platform.Contacts.Api;
using Platform.Contacts.Api.Beneficiaries;
using Platform.Contacts.Api.Beneficiaries.Consenting;
using Platform.Contacts.Api.Beneficiaries.Listing;
using Platform.Contacts.Api.Beneficiaries.NotingWeakerPresses;
using Platform.Contacts.Api.Beneficiaries.Reconfirming;
using Platform.Contacts.Api.Rosters;
using Platform.Contacts.Api.Rosters.WarningOfGaps;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Authentication;
using Platform.ServiceDefaults.EventStore;
using Platform.ServiceDefaults.Messaging;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("contacts");
builder.AddPlatformMarten<ContactsOutbox>("contacts", options =>
{
    options.Schema.For<ContactConfirmation>();
    options.Schema.For<AssociationRoster>();
    options.Schema.For<AssociationConsentRequests>();
    // Her association's caseload, written with every change to her stream (a new deployment over existing streams
    // rebuilds it once: see README, "The association console").
    options.Projections.Add<BeneficiaryCardProjection>(JasperFx.Events.Projections.ProjectionLifecycle.Inline);
    options.Schema.For<BeneficiaryCard>().Index(card => card.AssociationId);
});
builder.AddPlatformBus("contacts", bus =>
{
    bus.AddConsumer<ConsentReplyConsumer>(typeof(ConsentReplyConsumerDefinition));
    bus.AddConsumer<WeakerPressesConsumer>();
});
builder.AddContactReconfirmation();
builder.AddRosterGapWarnings();
builder.AddPhoneNumberRules();
builder.AddPinConfirmations();
builder.AddAssociationConsentBudget();

var app = builder.Build();
app.UsePlatformDefaults();
app.MapBeneficiariesApi();
app.MapRostersApi();
app.Run();

public partial class Program;
