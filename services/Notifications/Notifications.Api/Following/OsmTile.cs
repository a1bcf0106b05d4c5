using System.Globalization;

namespace Platform.Notifications.Api.Following;

/// <summary>
/// The OpenStreetMap tile that shows a position, and where in it (pixels from its top left corner) the position falls.
/// The page shows a square of such tiles centred on her, which a cheap phone draws without any map library.
/// </summary>
public sealed record OsmTile(int Zoom, int X, int Y, int PixelX, int PixelY)
{
    public const int Size = 256;

    /// <summary>Streets and house numbers, about 600 m across at French latitudes.</summary>
    public const int StreetZoom = 16;

    /// <summary>Web Mercator stops here; beyond it there are no tiles.</summary>
    private const double MaxLatitude = 85.0511287798;

    public string Url => string.Create(CultureInfo.InvariantCulture, $"https://tile.openstreetmap.org/{Zoom}/{X}/{Y}.png");

    /// <summary>The slippy-map tile numbers of the OpenStreetMap wiki ("Slippy map tilenames").</summary>
    public static OsmTile For(double latitude, double longitude, int zoom = StreetZoom)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(zoom);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(zoom, 19);
        var tiles = 1 << zoom;
        var latitudeRadians = Math.Clamp(latitude, -MaxLatitude, MaxLatitude) * Math.PI / 180;
        var x = (Math.Clamp(longitude, -180, 180) + 180) / 360 * tiles;
        var y = (1 - (Math.Asinh(Math.Tan(latitudeRadians)) / Math.PI)) / 2 * tiles;
        // The east and south edges belong to the last tile, not to one past it.
        var tileX = Math.Min((int)Math.Floor(x), tiles - 1);
        var tileY = Math.Min((int)Math.Floor(y), tiles - 1);
        return new OsmTile(zoom, tileX, tileY, Pixel(x - tileX), Pixel(y - tileY));
    }

    /// <summary>
    /// A <see cref="Size"/>-pixel square centred on the position, made of the tiles it overlaps (four, fewer at the poles'
    /// edge), each with where its top left corner falls in the square: her position is always at its centre.
    /// </summary>
    public static IReadOnlyList<MapPiece> Around(double latitude, double longitude, int zoom = StreetZoom)
    {
        var tile = For(latitude, longitude, zoom);
        var tiles = 1 << zoom;
        var left = (tile.X * Size) + tile.PixelX - (Size / 2);
        var top = (tile.Y * Size) + tile.PixelY - (Size / 2);
        var (firstX, firstY) = (FloorDiv(left, Size), FloorDiv(top, Size));
        var pieces = new List<MapPiece>(4);
        for (var y = firstY; y <= firstY + 1; y++)
        {
            for (var x = firstX; x <= firstX + 1; x++)
            {
                if (y < 0 || y >= tiles)
                {
                    continue;
                }
                // East of the last tile is the first one again (the date line).
                var wrapped = ((x % tiles) + tiles) % tiles;
                pieces.Add(new MapPiece(new OsmTile(zoom, wrapped, y, 0, 0).Url, (x * Size) - left, (y * Size) - top));
            }
        }
        return pieces;
    }

    private static int Pixel(double fraction) => Math.Clamp((int)Math.Floor(fraction * Size), 0, Size - 1);

    private static int FloorDiv(int value, int divisor) => (int)Math.Floor((double)value / divisor);
}

/// <summary>One tile of the map square, placed by its top left corner (pixels, may be negative).</summary>
public sealed record MapPiece(string Url, int Left, int Top);
