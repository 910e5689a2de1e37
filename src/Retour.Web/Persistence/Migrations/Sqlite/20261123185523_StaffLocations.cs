using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Retour.Web.Persistence.Migrations.Sqlite
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
                type: "TEXT",
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
