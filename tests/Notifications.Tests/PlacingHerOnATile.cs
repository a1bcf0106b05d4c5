using Platform.Notifications.Api.Following;

namespace Platform.Notifications.Tests;

public sealed class PlacingHerOnATile
{
    [Theory]
    // Expected values from the OpenStreetMap wiki's formula ("Slippy map tilenames"), computed apart from this code.
    [InlineData(48.856614, 2.3522219, 33196, 22546, 53, 61)]
    [InlineData(45.77722, 3.08703, 33329, 23373, 250, 120)]
    [InlineData(-33.8688197, 151.2092955, 60294, 39327, 207, 166)]
    public void The_tile_and_the_pixel_at_street_zoom(double latitude, double longitude, int x, int y, int pixelX, int pixelY)
    {
        Assert.Equal(new OsmTile(16, x, y, pixelX, pixelY), OsmTile.For(latitude, longitude));
    }

    [Fact]
    public void The_whole_world_is_one_tile_at_zoom_0_with_null_island_in_its_middle()
    {
        Assert.Equal(new OsmTile(0, 0, 0, 128, 128), OsmTile.For(0, 0, zoom: 0));
        Assert.Equal(new OsmTile(1, 1, 1, 0, 0), OsmTile.For(0, 0, zoom: 1));
    }

    [Fact]
    public void The_edges_of_the_world_stay_on_real_tiles()
    {
        var northEast = OsmTile.For(90, 180);
        var southWest = OsmTile.For(-90, -180);

        Assert.Equal((65535, 0), (northEast.X, northEast.Y));
        Assert.Equal((0, 65535), (southWest.X, southWest.Y));
        Assert.InRange(northEast.PixelX, 0, 255);
        Assert.InRange(southWest.PixelY, 0, 255);
    }

    [Fact]
    public void The_image_comes_from_the_openstreetmap_tile_server()
    {
        Assert.Equal("https://tile.openstreetmap.org/16/33196/22546.png", OsmTile.For(48.856614, 2.3522219).Url);
    }

    [Fact]
    public void The_map_square_is_the_four_tiles_around_her_with_her_at_its_centre()
    {
        // Paris falls 53 px right and 61 px down into tile 33196/22546: the square starts 75 px left of that tile's
        // left edge and 67 px above its top, so the tiles before it show too.
        Assert.Equal(
        [
            new MapPiece("https://tile.openstreetmap.org/16/33195/22545.png", -181, -189),
            new MapPiece("https://tile.openstreetmap.org/16/33196/22545.png", 75, -189),
            new MapPiece("https://tile.openstreetmap.org/16/33195/22546.png", -181, 67),
            new MapPiece("https://tile.openstreetmap.org/16/33196/22546.png", 75, 67),
        ], OsmTile.Around(48.856614, 2.3522219));
    }

    [Fact]
    public void Across_the_date_line_the_square_wraps_and_past_the_pole_it_has_no_tile()
    {
        var east = OsmTile.Around(0, 179.9999, zoom: 2);
        var north = OsmTile.Around(85.05, 0, zoom: 2);

        Assert.Contains(east, piece => piece.Url == "https://tile.openstreetmap.org/2/0/2.png");
        Assert.Equal(2, north.Count);
        Assert.All(north, piece => Assert.EndsWith("/0.png", piece.Url, StringComparison.Ordinal));
    }
}
