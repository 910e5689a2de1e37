using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Retour.Web.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class StaffLocations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Location",
                table: "StaffUsers",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Location",
                table: "StaffUsers");
        }
    }
}
