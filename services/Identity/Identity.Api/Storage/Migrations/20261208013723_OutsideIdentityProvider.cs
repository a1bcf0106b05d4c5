using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Platform.Identity.Api.Storage.Migrations
{
    /// <inheritdoc />
    public partial class OutsideIdentityProvider : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "OutsideIssuer",
                schema: "identity",
                table: "Staff",
                type: "character varying(300)",
                maxLength: 300,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "OutsideSubject",
                schema: "identity",
                table: "Staff",
                type: "character varying(255)",
                maxLength: 255,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Staff_OutsideIssuer_OutsideSubject",
                schema: "identity",
                table: "Staff",
                columns: new[] { "OutsideIssuer", "OutsideSubject" },
                unique: true,
                filter: "\"OutsideSubject\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Staff_OutsideIssuer_OutsideSubject",
                schema: "identity",
                table: "Staff");

            migrationBuilder.DropColumn(
                name: "OutsideIssuer",
                schema: "identity",
                table: "Staff");

            migrationBuilder.DropColumn(
                name: "OutsideSubject",
                schema: "identity",
                table: "Staff");
        }
    }
}
