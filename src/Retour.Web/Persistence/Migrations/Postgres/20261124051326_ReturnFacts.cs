using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Retour.Web.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ReturnFacts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ReturnFacts",
                columns: table => new
                {
                    ReturnCaseId = table.Column<Guid>(type: "uuid", nullable: false),
                    RequestedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RequestedMonth = table.Column<int>(type: "integer", nullable: false),
                    Status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Channel = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Country = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    Category = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Reason = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    ReceivedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    RefundedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    RequestToRefundHours = table.Column<int>(type: "integer", nullable: true),
                    ReceiptToRefundHours = table.Column<int>(type: "integer", nullable: true),
                    RefundDue = table.Column<DateOnly>(type: "date", nullable: true),
                    RefundInTime = table.Column<bool>(type: "boolean", nullable: true),
                    ReturnedValue = table.Column<long>(type: "bigint", nullable: false),
                    Refunded = table.Column<long>(type: "bigint", nullable: false),
                    StoreCredit = table.Column<long>(type: "bigint", nullable: false),
                    GiftCard = table.Column<long>(type: "bigint", nullable: false),
                    Exchange = table.Column<long>(type: "bigint", nullable: false),
                    RestockingFee = table.Column<long>(type: "bigint", nullable: false),
                    ReturnShippingFee = table.Column<long>(type: "bigint", nullable: false),
                    OutboundShipping = table.Column<long>(type: "bigint", nullable: false),
                    LabelCost = table.Column<long>(type: "bigint", nullable: false),
                    LabelCurrency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: true),
                    Restocked = table.Column<long>(type: "bigint", nullable: false),
                    Refurbished = table.Column<long>(type: "bigint", nullable: false),
                    Repaired = table.Column<long>(type: "bigint", nullable: false),
                    ReturnedToVendor = table.Column<long>(type: "bigint", nullable: false),
                    SecondHand = table.Column<long>(type: "bigint", nullable: false),
                    Recycled = table.Column<long>(type: "bigint", nullable: false),
                    Disposed = table.Column<long>(type: "bigint", nullable: false),
                    FeedbackRating = table.Column<int>(type: "integer", nullable: true),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReturnFacts", x => x.ReturnCaseId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ReturnFacts_Channel_RequestedAt",
                table: "ReturnFacts",
                columns: new[] { "Channel", "RequestedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ReturnFacts_Country_RequestedAt",
                table: "ReturnFacts",
                columns: new[] { "Country", "RequestedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ReturnFacts_Currency_RequestedAt",
                table: "ReturnFacts",
                columns: new[] { "Currency", "RequestedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ReturnFacts_RequestedAt",
                table: "ReturnFacts",
                column: "RequestedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ReturnFacts");
        }
    }
}
