/**
 * `<ck-product-list>`'s own strings in English, the language every other falls back to. They load with the
 * element (its module hands them to `addEnglish()`), not in the kit's shared core; the other
 * languages carry them in components/core/locales/<locale>.ts with every other string.
 */
export const productListEn = {
  catalogError: 'The products could not be loaded.',
  noProducts: 'No products to show.',
  addToCart: 'Add to cart',
  addedToCart: (name: string) => `${name} added to cart.`,
};

export default productListEn;
