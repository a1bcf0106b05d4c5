using Platform.Contacts.Contracts;
using Platform.Notifications.Api.Contacts;
using static Platform.Notifications.Tests.NotificationScenarios;

namespace Platform.Notifications.Tests;

public sealed class CopyingHerContacts
{
    [Fact]
    public void The_copy_keeps_everything_the_snapshot_says_under_its_version()
    {
        var sister = Contact(1, "en", "Sister");
        var changed = new ContactsChanged(Guid.NewGuid(), Now, Association, Beneficiary, 7, "Camille", "fr", AlertMessage, [sister]);

        var copy = ContactsCopy.From(changed);

        Assert.Equal((Beneficiary, Association, 7L, "Camille", "fr", AlertMessage),
            (copy.Id, copy.AssociationId, copy.Version, copy.DisplayName, copy.Language, copy.AlertMessage));
        Assert.Equal([sister], copy.Contacts);
    }
}
