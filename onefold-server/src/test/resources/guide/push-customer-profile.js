const axios = require('axios');
async function pushCustomerProfileToGenesys(customerData, sourceId, accessToken) {
const GENESYS_API_BASE = 'https://api.us.genesys.cloud'; // Adjust for region
// 1. Construct the Profile Payload
// Note: We explicitly set the source to ensure merge rules apply correctly
const payload = {
source: sourceId,
profile_data: {
email: customerData.email,
phone_number: customerData.phone,
loyalty_tier: customerData.loyaltyTier,
last_interaction_timestamp: new Date().toISOString()
}
};
try {
// 2. Execute the Upsert
const response = await axios.post(
`${GENESYS_API_BASE}/api/v2/customer-profile/profiles`,
payload,
{
headers: {
'Authorization': `Bearer ${accessToken}`,
'Content-Type': 'application/json',
'Accept': 'application/json'
},
timeout: 5000 // 5 second timeout to prevent hanging
}
);
// 3. Handle Success
console.log(`Profile Updated/Created. Profile ID: ${response.data.profile_id}`);
return response.data.profile_id;
} catch (error) {
// 4. Handle Specific Errors
if (error.response) {
if (error.response.status === 400) {
// Validation Error: Check schema compliance
console.error('Schema Validation Failed:', error.response.data);
} else if (error.response.status === 409) {
// Conflict: Usually indicates a duplicate identifier issue
console.error('Identifier Conflict:', error.response.data);
} else if (error.response.status === 429) {
// Rate Limit: Implement exponential backoff
console.warn('Rate Limited. Implement backoff.');
} else {
console.error('API Error:', error.response.status, error.response.data);
}
} else {
console.error('Network Error:', error.message);
}
throw error;
}
}
// Usage Example
const sampleCustomer = {
email: 'customer@example.com',
phone: '+15550199',
loyaltyTier: 'Gold'
};
pushCustomerProfileToGenesys(sampleCustomer, 'salesforce_crm', 'YOUR_OAUTH_TOKEN')
.catch(err => console.error('Final Error:', err));
