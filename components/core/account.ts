/**
 * The logged-in shopper's account on the proxy (server/accounts/): profile, saved addresses and
 * orders. Every call relies on the session cookie; saving sends the CSRF token (core/api.ts).
 */
import type { AccountOrderDetail, AccountOrdersResponse, AccountProfile, Address, SavedAddress, SavedAddressesResponse } from '../../contract/api';
import { apiRequest } from './api';

export type { AccountOrderDetail, AccountOrdersResponse, AccountProfile, SavedAddress };

export const fetchProfile = (endpoint: string, signal?: AbortSignal) => apiRequest<AccountProfile>(endpoint, '/api/account', { signal });

export const fetchAddresses = async (endpoint: string, signal?: AbortSignal) =>
  (await apiRequest<SavedAddressesResponse>(endpoint, '/api/account/addresses', { signal })).addresses;

export const saveAddress = (endpoint: string, address: Address) => apiRequest<SavedAddress>(endpoint, '/api/account/addresses', { body: address });

export const fetchOrders = (endpoint: string, page: number, signal?: AbortSignal) =>
  apiRequest<AccountOrdersResponse>(endpoint, `/api/account/orders?page=${encodeURIComponent(page)}`, { signal });

export const fetchOrder = (endpoint: string, id: string, signal?: AbortSignal) =>
  apiRequest<AccountOrderDetail>(endpoint, `/api/account/orders/${encodeURIComponent(id)}`, { signal });
